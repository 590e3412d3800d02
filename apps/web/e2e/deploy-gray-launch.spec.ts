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

  // Leave the list as it was (the docs screenshots show it) and free the model servers.
  const id = await serviceRow(page, name).getAttribute("data-service-id");
  if (id) await deleteService(page.request, id);
});
