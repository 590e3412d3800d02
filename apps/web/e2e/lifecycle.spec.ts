import { expect, test } from "@playwright/test";
import { createService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { expectLiveUpdates, serviceRow, stateOf } from "./support/list.ts";
import { ALICE } from "./support/users.ts";

test("stop, start and delete a service from the list, with a confirmation before stopping and deleting", async ({ page }) => {
  await loginThroughApi(page, ALICE);
  const service = await createService(page.request, {
    name: uniqueName("lifecycle"),
    resourcePool: { type: "public" },
    configurations: [
      { versionId: await versionId(page.request, "text-classifier", "1.0.0"), trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  });
  await waitForState(page.request, service.id, "Running");

  await page.goto("/services");
  await expectLiveUpdates(page);
  const row = serviceRow(page, service.name);
  const state = stateOf(row);
  await expect(state).toHaveText(/Running/);
  // A Running service cannot be started again; the button says why.
  await expect(row.getByRole("button", { name: `Start ${service.name}` })).toBeDisabled();

  // Stop asks first too: it ends the calls in flight.
  await row.getByRole("button", { name: `Stop ${service.name}` }).click();
  const stopDialog = page.getByRole("dialog", { name: `Stop ${service.name}?` });
  await expect(stopDialog.getByRole("button", { name: "Keep running" })).toBeFocused();
  await stopDialog.getByRole("button", { name: "Stop service" }).click();
  await expect(stopDialog).toBeHidden();
  await expect(state).toHaveText(/Stopped/, { timeout: 30_000 });
  await expect(row.getByRole("button", { name: `Stop ${service.name}` })).toBeDisabled();

  await row.getByRole("button", { name: `Start ${service.name}` }).click();
  await expect(state).toHaveText(/Running/, { timeout: 30_000 });

  // Delete asks first; Cancel keeps the service.
  await row.getByRole("button", { name: `Delete ${service.name}` }).click();
  let dialog = page.getByRole("dialog", { name: `Delete ${service.name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: `Delete ${service.name}` }).click();
  dialog = page.getByRole("dialog", { name: `Delete ${service.name}?` });
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0, { timeout: 30_000 });

  await expect
    .poll(async () => (await page.request.get(`/api/v1/services/${service.id}`)).status(), { timeout: 30_000 })
    .toBe(404);
});
