import { expect, test } from "@playwright/test";
import { deleteService, uniqueName } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { expectLiveUpdates, pageLoadId, recordedStates, recordRowStates, serviceRow, stateOf } from "./support/list.ts";
import { ALICE } from "./support/users.ts";
import { FLAVOR_LABELS, STEP_TITLES, fillResources, GRAY_LAUNCH_70_30, next, openWizard, submit } from "./support/wizard.ts";

test("deploy two versions 70/30 through the wizard and watch Deploying -> Running live", async ({ page }) => {
  const name = uniqueName("gray-launch");
  await recordRowStates(page);
  await loginThroughApi(page, ALICE);
  await openWizard(page);

  // A suggested name is filled in; replace it.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(/^service-[a-z0-9]{4}$/);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description").fill("70/30 gray launch from the e2e suite");
  await next(page, STEP_TITLES.resources);

  await fillResources(page, GRAY_LAUNCH_70_30);
  await expect(page.getByText("Traffic ratio total: 100% (must be 100%)")).toBeVisible();
  await expect(page.getByLabel("Timeout")).toHaveValue("20");
  await next(page, STEP_TITLES.data);
  await expect(page.getByRole("checkbox", { name: "Data Collection" })).not.toBeChecked();
  await next(page, STEP_TITLES.confirm);

  const summary = page.getByRole("definition");
  await expect(summary.filter({ hasText: "text-classifier 1.0.0" })).toContainText("Traffic Ratio (%): 70");
  await expect(summary.filter({ hasText: "text-classifier 2.0.0" })).toContainText("Traffic Ratio (%): 30");
  await expect(summary.filter({ hasText: "text-classifier 2.0.0" })).toContainText(`Specifications: ${FLAVOR_LABELS.cpu2}`);

  const loadBefore = await pageLoadId(page);
  await submit(page);
  await expectLiveUpdates(page);

  const row = serviceRow(page, name);
  await expect(row).toBeVisible();
  await expect(row).toContainText("1.0.0 (70%), 2.0.0 (30%)");
  await expect(stateOf(row)).toHaveText(/Running/, { timeout: 30_000 });

  // Same document the whole time: the states arrived over the live stream, not by reloading.
  expect(await pageLoadId(page)).toBe(loadBefore);
  expect(await recordedStates(page, name)).toEqual(["Deploying", "Running"]);

  const id = await serviceRow(page, name).getAttribute("data-service-id");
  expect(id).toBeTruthy();

  // Monitoring splits the calls by answering version, which is what the gray launch is judged by.
  const answered = new Map<string, number>();
  for (let i = 0; i < 20; i++) {
    const call = await page.request.post(`/v1/infers/${id}`, { data: { text: "My card was declined and I need a receipt" } });
    expect(call.status(), await call.text()).toBe(200);
    const version = call.headers()["x-model-version"] ?? "?";
    answered.set(version, (answered.get(version) ?? 0) + 1);
  }
  // The gateway writes its figures every 2 s.
  await expect
    .poll(async () => ((await (await page.request.get(`/api/v1/services/${id}/metrics`)).json()) as { totals: { calls: number } }).totals.calls)
    .toBe(20);
  await page.goto(`/services/${id}?tab=monitoring`);
  const byVersion = page.getByRole("table", { name: "By version, last hour" });
  for (const [version, share] of [["1.0.0", "70%"], ["2.0.0", "30%"]] as const) {
    const row = byVersion.getByRole("row", { name: new RegExp(`^text-classifier ${version.replaceAll(".", "\\.")}`) });
    await expect(row.getByRole("cell").nth(0)).toHaveText(share);
    await expect(row.getByRole("cell").nth(1)).toHaveText(String(answered.get(version) ?? 0));
  }
  await expect(page.getByText("Calls per minute, by version")).toBeVisible();
  await page.getByLabel("Time range").selectOption("6h");
  await expect(page).toHaveURL(/range=6h/);
  await expect(page.getByRole("table", { name: "By version, last 6 hours" })).toBeVisible();
  await expect(page.getByText("Calls per 5 minutes, by version")).toBeVisible();

  // Leave the list as it was (the docs screenshots show it) and free the model servers.
  if (id) await deleteService(page.request, id);
});
