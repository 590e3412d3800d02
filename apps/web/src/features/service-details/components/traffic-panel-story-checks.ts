// What the traffic panel's play functions share: typing that React sees in the browser and in
// jsdom, and an axe run over the rendered story that fails with each violation in words.
import axe from "axe-core";
import { expect, fireEvent, userEvent } from "storybook/test";

export async function fill(element: HTMLElement, value: string): Promise<void> {
  await userEvent.click(element);
  fireEvent.input(element, { target: { value } });
  fireEvent.change(element, { target: { value } });
}

export async function expectNoAxeViolations(element: HTMLElement): Promise<void> {
  const results = await axe.run(element, { resultTypes: ["violations"] });
  const found = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  // One string, so a failure prints every violation in full, in the browser too.
  await expect(found.join("\n")).toBe("");
}

/** At 390 px nothing may stick out sideways: wide tables scroll inside their own box. */
export async function expectFitsWidth(element: HTMLElement, width: number): Promise<void> {
  await expect(element.scrollWidth).toBeLessThanOrEqual(width);
}
