// The Real-Time Services list: rows by service name, the state badge, and a recorder of every
// state a row showed (to prove the states arrived live, without a reload).
import { expect, type Locator, type Page } from "@playwright/test";

export function serviceRow(page: Page, name: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader").getByRole("link", { name, exact: true }) });
}

export function stateOf(row: Locator): Locator {
  return row.locator("[data-state]");
}

/**
 * Installs (before any page script runs) an observer that records each state every list row
 * shows, in order, keyed by service name, plus a marker that a full page load would wipe out.
 */
export async function recordRowStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __rowStates: Record<string, string[]>; __pageLoadId: string };
    w.__rowStates = {};
    w.__pageLoadId = Math.random().toString(36).slice(2);
    const scan = () => {
      for (const row of document.querySelectorAll("tr[data-service-id]")) {
        const name = row.querySelector("th a")?.textContent?.trim();
        const state = row.querySelector("[data-state]")?.getAttribute("data-state");
        if (!name || !state) continue;
        const seen = (w.__rowStates[name] ??= []);
        if (seen[seen.length - 1] !== state) seen.push(state);
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  });
}

export async function recordedStates(page: Page, name: string): Promise<string[]> {
  return page.evaluate((n) => (window as unknown as { __rowStates: Record<string, string[]> }).__rowStates[n] ?? [], name);
}

export async function pageLoadId(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __pageLoadId: string }).__pageLoadId);
}

export async function expectLiveUpdates(page: Page): Promise<void> {
  await expect(page.getByText("Live updates on")).toBeVisible({ timeout: 15_000 });
}
