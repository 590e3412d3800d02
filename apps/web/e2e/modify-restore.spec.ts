import { expect, test } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { modifyThroughApi } from "./support/modify.ts";
import { ALICE } from "./support/users.ts";

test("R16 restore an earlier revision from the revisions panel, after a look at what it changes", async ({ page }) => {
  test.setTimeout(120_000);
  await loginThroughApi(page, ALICE);
  const created = await createService(page.request, {
    name: uniqueName("modify-restore"),
    description: "first description",
    resourcePool: { type: "public" },
    configurations: [{ versionId: await versionId(page.request, "text-classifier", "1.0.0"), trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 }],
  });
  await waitForState(page.request, created.id, "Running");
  // Revision 2, made elsewhere: a new description and a traffic limit (applied at once).
  const changed = await modifyThroughApi(page.request, await getService(page.request, created.id), {
    description: "second description",
    trafficLimit: { requestsPerSecond: 50 },
  });
  expect(changed.revision).toBe(2);

  try {
    await page.goto(`/services/${created.id}?tab=revisions`);
    await expect(page.getByRole("heading", { level: 1, name: created.name })).toBeVisible();
    const list = page.getByRole("list", { name: "Revisions, newest first" });
    await expect(list.getByRole("article")).toHaveCount(2);
    const current = list.getByRole("article", { name: "Revision 2 (current)" });
    await expect(current).toContainText("Modify");
    await expect(current.getByRole("table", { name: "Changes in revision 2" })).toContainText("second description");
    await expect(current.getByRole("button", { name: /Restore/ })).toHaveCount(0);

    await list.getByRole("button", { name: "Restore revision 1" }).click();
    const dialog = page.getByRole("dialog", { name: "Restore revision 1?" });
    const changes = dialog.getByRole("table", { name: "What changes" });
    await expect(changes).toBeVisible({ timeout: 15_000 });
    const rows = await changes.locator("tbody tr").evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll("th, td")).map((c) => (c.textContent ?? "").trim())),
    );
    expect(rows).toEqual([
      ["Description", "second description", "first description"],
      ["Traffic limit", "50 calls/s", "no limit"],
    ]);
    await expect(dialog.getByTestId("instance-effect")).toContainText("No instance restarts. Applies at once");
    expect((await getService(page.request, created.id)).revision).toBe(2);

    await dialog.getByRole("button", { name: "Restore revision 1" }).click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
    await expect(list.getByRole("article", { name: "Revision 3 (current)" })).toContainText("Restore", { timeout: 15_000 });
    const after = await getService(page.request, created.id);
    expect(after.revision).toBe(3);
    expect(after.description).toBe("first description");
    expect(after.trafficLimit).toBeNull();
    await page.getByRole("tab", { name: "Overview & configuration" }).click();
    await expect(page.getByText("first description").first()).toBeVisible();
  } finally {
    await deleteService(page.request, created.id);
  }
});
