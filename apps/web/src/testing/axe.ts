// Accessibility check for play functions: axe-core's WCAG 2.x A/AA rules on what the story shows,
// the same in Storybook's browser and in the jsdom run (where contrast cannot be computed and is
// reported as incomplete, not as a pass).
import axe from "axe-core";
import { WCAG_TAGS } from "./wcag-tags.ts";

export async function expectNoAxeViolations(element: Element): Promise<void> {
  const results = await axe.run(element, { runOnly: { type: "tag", values: WCAG_TAGS }, resultTypes: ["violations"] });
  if (results.violations.length === 0) return;
  const lines = results.violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  throw new Error(`axe found ${results.violations.length} accessibility violation(s):\n${lines.join("\n")}`);
}
