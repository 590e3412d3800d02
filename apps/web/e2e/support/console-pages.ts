// The console's pages as the layout, accessibility and docs-screenshot flows visit them: the
// services they show (set up through the API, reused when present), and one visit that checks a
// page at the width in use and writes its picture for the README.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";
import type { ServiceSummary } from "@rts/contracts";
import { createService, listServices, versionId, waitForState } from "./api.ts";
import { expectEveryActionReachable, expectNoAxeViolations, expectNoSidewaysScroll } from "./page-checks.ts";

const screenshots = path.resolve(fileURLToPath(import.meta.url), "../../../../../docs/screenshots");

export const WIDTHS = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type WidthName = keyof typeof WIDTHS;

export function screenshotPath(name: string): string {
  return path.join(screenshots, `${name}.png`);
}

async function ensureService(page: Page, name: string, build: () => Promise<Parameters<typeof createService>[1]>): Promise<void> {
  const existing = (await listServices(page.request, `&q=${encodeURIComponent(name)}`)).items.find((s) => s.name === name);
  const service = existing ?? (await createService(page.request, await build()));
  await waitForState(page.request, service.id, "Running");
}

/** The seeded demo service (70/30 gray launch) and two more, so the list looks like a working console. */
export async function ensureConsoleServices(page: Page): Promise<{ demo: ServiceSummary }> {
  const [v1, v2, stream] = await Promise.all([
    versionId(page.request, "text-classifier", "1.0.0"),
    versionId(page.request, "text-classifier", "2.0.0"),
    versionId(page.request, "sentiment-stream", "1.0.0"),
  ]);
  await ensureService(page, "support-triage", async () => ({
    name: "support-triage",
    description: "Routes support messages; 2.0.0 in gray launch",
    resourcePool: { type: "public" },
    configurations: [
      { versionId: v1, trafficRatio: 70, flavorId: "cpu.2u8g", computeNodes: 1 },
      { versionId: v2, trafficRatio: 30, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  }));
  await ensureService(page, "review-sentiment", async () => ({
    name: "review-sentiment",
    description: "Streams sentiment per word over WebSocket",
    resourcePool: { type: "public" },
    websocket: true,
    configurations: [{ versionId: stream, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 }],
  }));
  const demo = (await listServices(page.request, "&q=demo-classifier")).items.find((s) => s.name === "demo-classifier");
  expect(demo, "the seeded demo service exists").toBeTruthy();
  await waitForState(page.request, demo!.id, "Running");
  return { demo: demo! };
}

export interface VisitOptions {
  /** Writes docs/screenshots/<name>-<width>.png. */
  screenshot?: string;
}

/**
 * Checks the page as it is now: axe at every width; on a phone, no sideways scrolling and every
 * control within reach. The picture is taken first, before the checks scroll things around.
 */
export async function checkPage(page: Page, width: WidthName, where: string, options: VisitOptions = {}): Promise<void> {
  // No focus rings or half-finished transitions in the pictures or the contrast checks.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForTimeout(300);
  if (options.screenshot) await page.screenshot({ path: screenshotPath(`${options.screenshot}-${width}`) });
  await expectNoAxeViolations(page, `${where} at ${WIDTHS[width].width} px`);
  if (width === "phone") {
    await expectNoSidewaysScroll(page, where);
    await expectEveryActionReachable(page, where);
  }
}
