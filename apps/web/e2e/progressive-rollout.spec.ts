import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { ALICE } from "./support/users.ts";

const V1 = "text-classifier 1.0.0";
const V2 = "text-classifier 2.0.0";
// Bounded, loopback only: the guards see real calls to both versions while the rollout runs.
const MAX_CALLS = 150;
const CALL_GAP_MS = 100;

function liveRatio(page: Page, version: string) {
  return page
    .getByRole("table", { name: /live split and configured/ })
    .getByRole("row", { name: new RegExp(version.replace(/\./g, "\\.")) })
    .getByTestId("live-ratio");
}

/** Calls the service until `stop()` or MAX_CALLS; resolves with the statuses it got. */
function callWhile(request: APIRequestContext, serviceId: string) {
  let stopped = false;
  const statuses: number[] = [];
  const done = (async () => {
    while (!stopped && statuses.length < MAX_CALLS) {
      const response = await request.post(`/v1/infers/${serviceId}`, { data: { text: "My invoice is wrong" } });
      statuses.push(response.status());
      await new Promise((resolve) => setTimeout(resolve, CALL_GAP_MS));
    }
    return statuses;
  })();
  return {
    stop: () => {
      stopped = true;
      return done;
    },
  };
}

test("R16 progressive rollout 100/0 -> 0/100 in steps of 50 with a 5 s bake completes with the live split at 0/100", async ({ page }) => {
  test.setTimeout(150_000);
  await loginThroughApi(page, ALICE);
  const [v1, v2] = await Promise.all([versionId(page.request, "text-classifier", "1.0.0"), versionId(page.request, "text-classifier", "2.0.0")]);
  const service = await createService(page.request, {
    name: uniqueName("rollout"),
    resourcePool: { type: "public" },
    configurations: [
      { versionId: v1, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 },
      { versionId: v2, trafficRatio: 0, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  });
  await waitForState(page.request, service.id, "Running", 60_000);
  const traffic = callWhile(page.request, service.id);

  try {
    await page.goto(`/services/${service.id}?tab=traffic`);
    await expect(page.getByRole("heading", { level: 2, name: "Traffic" })).toBeVisible();
    await expect(liveRatio(page, V1)).toHaveText("100%");
    await expect(liveRatio(page, V2)).toHaveText("0%");
    await expect(page.getByText("No rollout yet.")).toBeVisible();

    const form = page.getByRole("form", { name: "Start a progressive rollout" });
    await form.getByLabel(`Target Traffic Ratio (%) ${V1}`, { exact: true }).fill("0");
    await form.getByLabel(`Target Traffic Ratio (%) ${V2}`, { exact: true }).fill("100");
    await expect(form.getByText("Total: 100% (must be 100%)")).toBeVisible();
    await form.getByLabel("Step (points)").fill("50");
    await form.getByLabel("Bake time (s)").fill("5");
    await form.getByLabel("Max 5xx rate (%)").fill("50");
    await form.getByLabel("Min calls per step").fill("0");
    await form.getByRole("button", { name: "Start rollout" }).click();

    const state = page.getByTestId("rollout-state");
    await expect(state).toHaveText(/Running/);
    await expect(page.getByTestId("rollout-step")).toContainText("of 2 (50 points a step)");
    await expect(page.getByRole("group", { name: "Rollout controls" }).getByRole("button", { name: "Pause" })).toBeEnabled();
    // Watch it step: the gateway routes 50/50 for a whole bake, then the steps table grows.
    await expect(liveRatio(page, V2)).toHaveText("50%", { timeout: 15_000 });
    await expect(page.getByRole("table", { name: "Rollout steps" }).getByRole("rowheader", { name: /^Step \d/ }).first()).toBeVisible({
      timeout: 20_000,
    });

    await expect(state).toHaveText(/Completed/, { timeout: 60_000 });
    await expect(page.getByRole("group", { name: "Rollout controls" })).toHaveCount(0);
    await expect(liveRatio(page, V1)).toHaveText("0%");
    await expect(liveRatio(page, V2)).toHaveText("100%");
    await expect(page.getByTestId("rollout-current-ratio")).toHaveText(["0%", "100%"]);

    const after = await getService(page.request, service.id);
    expect(after.routing.find((r) => r.versionId === v2)?.trafficRatio).toBe(100);
    expect(after.routing.find((r) => r.versionId === v1)?.trafficRatio ?? 0).toBe(0);
  } finally {
    const statuses = await traffic.stop();
    expect(statuses.length).toBeGreaterThan(0);
    await deleteService(page.request, service.id);
  }
});
