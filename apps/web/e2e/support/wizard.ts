// The Deploy wizard (apps/web/src/features/deploy-wizard) driven through its visible labels, which
// are the seed's parameter names.
import { expect, type Locator, type Page } from "@playwright/test";

export const STEP_TITLES = {
  basic: "Basic information",
  resources: "Resource pool and AI application",
  data: "Data Collection and traffic limit",
  confirm: "Confirm",
} as const;

export const FLAVOR_LABELS = {
  free: "CPU: 1 vCPU | 4 GiB (free, 1 hour at a time)",
  cpu2: "CPU: 2 vCPUs | 8 GiB",
  a100: "GPU: 1 x A100 (80 GiB) | 16 vCPUs | 128 GiB",
} as const;

export function stepHeading(page: Page, title: string): Locator {
  return page.getByRole("heading", { level: 2, name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) });
}

const deployPosts = new WeakMap<Page, string[]>();

/** Deploy requests (POST /api/v1/services, not the dry runs) the page has sent so far. */
export function sentDeploys(page: Page): string[] {
  return deployPosts.get(page) ?? [];
}

export async function openWizard(page: Page): Promise<void> {
  if (!deployPosts.has(page)) {
    const sent: string[] = [];
    deployPosts.set(page, sent);
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (request.method() === "POST" && url.pathname === "/api/v1/services" && !url.searchParams.has("dryRun")) {
        sent.push(request.postData() ?? "");
      }
    });
  }
  await page.goto("/services");
  await page.getByRole("link", { name: "Deploy", exact: true }).click();
  await expect(page).toHaveURL(/\/services\/deploy$/);
  await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
}

export async function next(page: Page, expectedTitle: string): Promise<void> {
  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page, expectedTitle)).toBeVisible();
}

/** The fieldset of the n-th (1-based) AI application version and configuration. */
export function versionRow(page: Page, n: number): Locator {
  return page.getByRole("group", { name: `AI application version and configuration ${n}`, exact: true });
}

export type VersionChoice = { version: string; ratio: number; flavor: string; nodes?: number };

/** text-classifier 1.0.0 and 2.0.0 at 70/30 on the public pool: the flows' gray launch. */
export const GRAY_LAUNCH_70_30 = {
  application: "text-classifier",
  versions: [
    { version: "1.0.0", ratio: 70, flavor: FLAVOR_LABELS.cpu2 },
    { version: "2.0.0", ratio: 30, flavor: FLAVOR_LABELS.cpu2 },
  ],
} satisfies { application: string; versions: readonly VersionChoice[] };

/** Fills the "Resource pool and AI application" step for the public pool. */
export async function fillResources(
  page: Page,
  options: { application: string; versions: readonly VersionChoice[]; websocket?: boolean },
): Promise<void> {
  await page.getByRole("radio", { name: "Public resource pools" }).check();
  await page.getByLabel("AI Application and Version", { exact: true }).selectOption({ label: options.application });
  for (const [i, v] of options.versions.entries()) {
    if (i > 0) await page.getByRole("button", { name: "Add AI Application Version and Configuration" }).click();
    const row = versionRow(page, i + 1);
    await expect(row).toBeVisible();
    await row.getByLabel("Version", { exact: true }).selectOption({ label: v.version });
    await row.getByRole("radio", { name: v.flavor, exact: true }).check();
    await row.getByLabel("Traffic Ratio (%)").fill(String(v.ratio));
    await row.getByLabel("Compute Nodes").fill(String(v.nodes ?? 1));
  }
  if (options.websocket) await page.getByRole("checkbox", { name: "WebSocket" }).check();
}

/** Submits from the confirmation step: nothing may have been sent before Submit is pressed. */
export async function submit(page: Page): Promise<void> {
  await expect(stepHeading(page, STEP_TITLES.confirm)).toBeVisible();
  // Give a stray submit (e.g. from the Next click that led here) time to show up.
  await page.waitForTimeout(250);
  const before = sentDeploys(page).length;
  expect(before, "the deploy was sent before Submit was pressed on the confirmation step").toBe(0);
  const button = page.getByRole("button", { name: "Submit", exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });
  expect(sentDeploys(page)).toHaveLength(before + 1);
}
