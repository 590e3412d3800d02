// What every console page must pass, at any width: axe-core finds nothing (WCAG 2.x A/AA); and on a
// phone, the page never scrolls sideways, nothing sticks out of the screen unless it sits in its own
// scroll box, and every control can be brought into view and is the thing a tap there would hit.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { WCAG_TAGS } from "../../src/testing/wcag-tags.ts";

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n    ")}`,
  );
  expect(found, `axe on ${where}`).toEqual([]);
}

/** The page is no wider than the screen, and no element pokes out of it except inside a box that clips or scrolls. */
export async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const report = await page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (el: Element) => {
      const r = el.getBoundingClientRect();
      const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? ` class="${el.className}"` : ""}> "${text}" at ${Math.round(r.left)}..${Math.round(r.right)}`;
    };
    const insideClippingBox = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== "visible") return true;
      }
      return false;
    };
    const outside: string[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || (r.left >= -1 && r.right <= width + 1)) continue;
      if (!insideClippingBox(el)) outside.push(describe(el));
    }
    return { scrollWidth: document.scrollingElement!.scrollWidth, width, outside: outside.slice(0, 10) };
  });
  expect(report.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(report.width);
  expect(report.outside, `${where}: elements outside the screen`).toEqual([]);
}

/**
 * Every visible control (link, button, field, tab, focusable region) can be scrolled into the
 * screen, whole, and a tap at its centre reaches it (nothing covers it, no box clips it away).
 */
export async function expectEveryActionReachable(page: Page, where: string): Promise<void> {
  const unreachable = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="tab"], [tabindex]:not([tabindex="-1"])';
    const problems: string[] = [];
    const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter(
      (el) => !el.classList.contains("skip-link") && el.checkVisibility({ visibilityProperty: true, opacityProperty: false }),
    );
    for (const control of controls) {
      // A visually hidden native input (a styled radio or checkbox) is reached through its label.
      const box = control.getBoundingClientRect();
      const target = box.width <= 2 && control instanceof HTMLInputElement && control.labels?.[0] ? control.labels[0] : control;
      target.scrollIntoView({ block: "center", inline: "center" });
      const r = target.getBoundingClientRect();
      const name = (control.getAttribute("aria-label") ?? control.textContent ?? control.getAttribute("name") ?? "").trim().replace(/\s+/g, " ").slice(0, 50);
      const label = `<${control.tagName.toLowerCase()}> "${name}"`;
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
        problems.push(`${label} cannot be brought onto the screen (x ${Math.round(r.left)}..${Math.round(r.right)})`);
        continue;
      }
      const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(r.top + Math.min(r.height, window.innerHeight) / 2, 0), window.innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      const reached = hit !== null && (hit === target || target.contains(hit) || (control !== target && control.contains(hit)));
      if (!reached) problems.push(`${label} is covered at its centre by ${hit ? `<${hit.tagName.toLowerCase()} class="${String(hit.className)}">` : "nothing"}`);
    }
    window.scrollTo(0, 0);
    return problems;
  });
  expect(unreachable, `${where}: controls out of reach`).toEqual([]);
}
