import { expect, request as playwrightRequest, test } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { applyChanges, callLoop, changeRows, createApiToken, openModify, toConfirmation } from "./support/modify.ts";
import { ALICE } from "./support/users.ts";
import { STEP_TITLES, stepHeading, versionRow } from "./support/wizard.ts";

test("R16 modify a 70/30 service to 0/100 in the console: calls move to the new version only, none fails", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await loginThroughApi(page, ALICE);
  const [v1, v2] = await Promise.all([
    versionId(page.request, "text-classifier", "1.0.0"),
    versionId(page.request, "text-classifier", "2.0.0"),
  ]);
  const service = await createService(page.request, {
    name: uniqueName("modify-ratio"),
    resourcePool: { type: "public" },
    configurations: [
      { versionId: v1, trafficRatio: 70, flavorId: "cpu.2u8g", computeNodes: 1 },
      { versionId: v2, trafficRatio: 30, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  });
  await waitForState(page.request, service.id, "Running");

  // A caller with an API token, in its own context (no console session), calls all along.
  const token = await createApiToken(page.request, uniqueName("modify-ratio-caller"));
  const caller = await playwrightRequest.newContext({ baseURL });
  const calls = callLoop(caller, service.id, token);
  try {
    await expect.poll(() => calls.answers.filter((a) => a.version === "1.0.0").length, { timeout: 30_000 }).toBeGreaterThan(5);

    await openModify(page, service);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(stepHeading(page, STEP_TITLES.resources)).toBeVisible();
    await expect(page.getByLabel("Resource Pool", { exact: true })).toHaveValue("Public resource pools");
    await versionRow(page, 1).getByLabel("Traffic Ratio (%)").fill("0");
    await versionRow(page, 2).getByLabel("Traffic Ratio (%)").fill("100");
    await expect(page.getByText("Traffic ratio total: 100% (must be 100%)")).toBeVisible();
    await toConfirmation(page);
    expect(await changeRows(page)).toEqual([
      ["Traffic Ratio (%) of text-classifier 1.0.0", "70", "0"],
      ["Traffic Ratio (%) of text-classifier 2.0.0", "30", "100"],
    ]);
    await expect(page.getByTestId("instance-effect")).toContainText("No instance restarts. Applies at once");
    await expect(page.getByTestId("cost-difference").first()).toContainText("(no change)");

    const sentAt = calls.answers.length;
    await applyChanges(page, service.id);
    // Applied at once: once routing has moved, every answer comes from 2.0.0.
    await expect
      .poll(() => {
        const recent = calls.answers.slice(sentAt).slice(-30);
        return recent.length === 30 && recent.every((a) => a.version === "2.0.0");
      }, { timeout: 30_000, intervals: [250, 500] })
      .toBe(true);
    const answers = await calls.stop();
    expect(answers.filter((a) => a.status !== 200), "calls that failed around the change").toEqual([]);
    const afterSwitch = answers.slice(answers.findLastIndex((a) => a.version !== "2.0.0") + 1);
    expect(afterSwitch.length).toBeGreaterThanOrEqual(30);

    const detail = await getService(page.request, service.id);
    expect(detail.routing).toEqual([
      { versionId: v1, trafficRatio: 0 },
      { versionId: v2, trafficRatio: 100 },
    ]);
    await expect(page.locator(".sd-state [data-state]")).toHaveText(/Running/);
  } finally {
    await calls.stop();
    await caller.dispose();
    await deleteService(page.request, service.id);
  }
});
