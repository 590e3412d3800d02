// Comparing what a page shows with what the API says, over time: the page records (before any of
// its scripts run) every state and restart count it displays, with the time; the test follows the
// API meanwhile. Both clocks are this machine's.
import type { APIRequestContext, Page } from "@playwright/test";
import { getService } from "./api.ts";

export interface Seen {
  at: number;
  value: string;
}

interface Shown {
  state: Seen[];
  restarts: Seen[];
}

/** Records the details page's state badge and the first Restarts cell of the Instances table as they change. */
export async function recordShownState(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shown: Shown };
    w.__shown = { state: [], restarts: [] };
    const note = (list: Seen[], value: string | null | undefined) => {
      if (value && list[list.length - 1]?.value !== value) list.push({ at: Date.now(), value });
    };
    const scan = () => {
      note(w.__shown.state, document.querySelector(".sd-state [data-state]")?.getAttribute("data-state"));
      for (const table of document.querySelectorAll("table")) {
        const column = [...table.querySelectorAll("thead th")].findIndex((th) => th.textContent?.trim() === "Restarts");
        if (column >= 0) note(w.__shown.restarts, table.querySelector("tbody tr")?.children[column]?.textContent?.trim());
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export async function shownState(page: Page): Promise<Shown> {
  return page.evaluate(() => (window as unknown as { __shown: Shown }).__shown);
}

export interface ApiTimeline {
  state: Seen[];
  restarts: Seen[];
}

/** Reads the service every 200 ms, noting each change of its state and of its first instance's restarts, until `done`. */
export async function followApi(
  request: APIRequestContext,
  serviceId: string,
  done: (timeline: ApiTimeline) => boolean,
  timeoutMs: number,
): Promise<ApiTimeline> {
  const timeline: ApiTimeline = { state: [], restarts: [] };
  const deadline = Date.now() + timeoutMs;
  while (!done(timeline)) {
    if (Date.now() > deadline) throw new Error(`the API did not get there in ${timeoutMs} ms: ${JSON.stringify(timeline)}`);
    const service = await getService(request, serviceId);
    const at = Date.now();
    const note = (list: Seen[], value: string | undefined) => {
      if (value !== undefined && list[list.length - 1]?.value !== value) list.push({ at, value });
    };
    note(timeline.state, service.state);
    note(timeline.restarts, service.instances[0] ? String(service.instances[0].restarts) : undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return timeline;
}

/**
 * The API's values the page did not show in time: for each value the API took at time t, the page
 * must have been showing it at some moment between shortly before t (the page may learn first)
 * and t + withinMs. A value the page shows stays shown until the next one it records.
 */
export function missedChanges(api: Seen[], page: Seen[], withinMs: number, since: number): string[] {
  const showing = (value: string, from: number, to: number) =>
    page.some((shown, i) => shown.value === value && shown.at <= to && (page[i + 1]?.at ?? Number.POSITIVE_INFINITY) >= from);
  const timeline = (seen: Seen[]) => seen.map((s) => `${s.value}@${s.at - since}`).join(" ");
  return api
    .filter((change) => change.at >= since && !showing(change.value, change.at - 500, change.at + withinMs))
    .map((change) => `${change.value} at +${change.at - since} ms (API: ${timeline(api)}; page: ${timeline(page)})`);
}
