// Modify (R16) in the console, driven through its visible labels, and what the flows need around
// it: an API token, a bounded loop of gateway calls that records which version answered, and the
// revision-guarded changes and dry runs of the API.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { CreatedToken, ModifyPreview, ServiceDetail } from "@rts/contracts";
import { stepHeading, STEP_TITLES } from "./wizard.ts";

export async function createApiToken(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post("/api/v1/tokens", { data: { name, expiresInDays: 1 } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as CreatedToken).token;
}

/** PATCH with If-Match: a change made outside the flow under test. */
export async function modifyThroughApi(request: APIRequestContext, service: ServiceDetail, body: Record<string, unknown>): Promise<ServiceDetail> {
  const response = await request.patch(`/api/v1/services/${service.id}`, { data: body, headers: { "if-match": `"${service.revision}"` } });
  expect(response.status(), await response.text()).toBe(202);
  return (await response.json()) as ServiceDetail;
}

export async function dryRunThroughApi(request: APIRequestContext, service: ServiceDetail, body: Record<string, unknown>): Promise<ModifyPreview> {
  const response = await request.patch(`/api/v1/services/${service.id}?dryRun=true`, { data: body, headers: { "if-match": `"${service.revision}"` } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as ModifyPreview;
}

/** From the details page through its Modify button to the wizard's first step. */
export async function openModify(page: Page, service: { id: string; name: string }): Promise<void> {
  await page.goto(`/services/${service.id}`);
  await expect(page.getByRole("heading", { level: 1, name: service.name })).toBeVisible();
  await page.getByRole("link", { name: "Modify", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/services/${service.id}/modify$`));
  await expect(page.getByRole("heading", { level: 1, name: `Modify ${service.name}` })).toBeVisible();
  await expect(page).toHaveTitle(`Modify ${service.name} · Real-Time Services`);
  await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(service.name);
}

/** Next until the confirmation, then waits for the server's dry run of the change. */
export async function toConfirmation(page: Page): Promise<void> {
  for (const title of [STEP_TITLES.data, STEP_TITLES.confirm]) {
    await page.getByRole("button", { name: "Next" }).click();
    await expect(stepHeading(page, title)).toBeVisible();
  }
  await expect(page.getByTestId("modify-preview-source")).toHaveText("From the server's dry run.", { timeout: 15_000 });
}

export async function applyChanges(page: Page, serviceId: string): Promise<void> {
  await page.getByRole("button", { name: "Apply changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/services/${serviceId}$`), { timeout: 15_000 });
}

/** The texts of the "What changes" table's rows: [setting, now, after]. */
export async function changeRows(page: Page): Promise<string[][]> {
  const table = page.getByRole("table", { name: "What changes" });
  await expect(table).toBeVisible();
  return table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((row) => Array.from(row.querySelectorAll("th, td")).map((cell) => (cell.textContent ?? "").trim())),
  );
}

export type GatewayAnswer = { status: number; version: string | null };

/**
 * Calls the gateway one call at a time until stopped, at most `maxCalls` times and `maxMs` long,
 * recording the status and X-Model-Version of every answer.
 */
export function callLoop(request: APIRequestContext, serviceId: string, token: string, limits = { maxCalls: 2_000, maxMs: 90_000 }) {
  const answers: GatewayAnswer[] = [];
  let stopped = false;
  const started = Date.now();
  const done = (async () => {
    while (!stopped && answers.length < limits.maxCalls && Date.now() - started < limits.maxMs) {
      const response = await request.post(`/v1/infers/${serviceId}`, {
        data: { text: "My invoice is wrong and I want a refund" },
        headers: { authorization: `Bearer ${token}` },
        failOnStatusCode: false,
      });
      answers.push({ status: response.status(), version: response.headers()["x-model-version"] ?? null });
    }
  })();
  return {
    answers,
    async stop(): Promise<GatewayAnswer[]> {
      stopped = true;
      await done;
      return answers;
    },
  };
}
