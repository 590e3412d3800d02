// Live state on the details page: a service whose model server crash-loops (the sample server's
// SAMPLE_EXIT_AFTER_MS makes it exit 3 s after each start) goes Running -> Abnormal -> Running...
// while its instance's restarts count up. With the page open, first on Overview, then on the
// Instances tab, every change the API reports must show on the page within 3 s, without a reload.
import { expect, test } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { followApi, missedChanges, recordShownState, shownState } from "./support/live-state.ts";
import { ALICE } from "./support/users.ts";

const WITHIN_MS = 3_000;

test("R14 the details page shows a crash-looping service's state and restarts within 3 s of the API", async ({ page }) => {
  test.setTimeout(150_000);
  await loginThroughApi(page, ALICE);
  await recordShownState(page);
  const service = await createService(page.request, {
    name: uniqueName("crash-loop"),
    resourcePool: { type: "public" },
    configurations: [
      {
        versionId: await versionId(page.request, "text-classifier", "1.0.0"),
        trafficRatio: 100,
        flavorId: "cpu.2u8g",
        computeNodes: 1,
        envVars: [{ key: "SAMPLE_EXIT_AFTER_MS", value: "3000" }],
      },
    ],
  });
  try {
    await waitForState(page.request, service.id, "Running");
    await page.goto(`/services/${service.id}`);
    await expect(page.getByRole("heading", { level: 1, name: service.name })).toBeVisible();
    const loadId = await page.evaluate(() => performance.timeOrigin);

    // Overview: two crashes and the recovery after the first.
    const overviewFrom = Date.now();
    const overview = await followApi(page.request, service.id, (api) => api.state.filter((s) => s.value === "Abnormal").length >= 2, 60_000);
    expect(overview.state.map((s) => s.value)).toEqual(expect.arrayContaining(["Running", "Abnormal"]));
    // The latest change may still be on its way: each has its 3 s, no more.
    await expect
      .poll(async () => missedChanges(overview.state, (await shownState(page)).state, WITHIN_MS, overviewFrom), { timeout: WITHIN_MS + 1_000 })
      .toEqual([]);

    // Instances: the next two restarts, counted on the tab as the API counts them.
    await page.getByRole("tab", { name: "Instances" }).click();
    const instancesFrom = Date.now();
    const restartsBefore = (await getService(page.request, service.id)).instances[0]?.restarts ?? 0;
    const instances = await followApi(
      page.request,
      service.id,
      (api) => api.restarts.some((r) => Number(r.value) >= restartsBefore + 2),
      60_000,
    );
    await expect
      .poll(
        async () => {
          const shown = await shownState(page);
          return [
            ...missedChanges(instances.restarts, shown.restarts, WITHIN_MS, instancesFrom).map((m) => `restarts ${m}`),
            ...missedChanges(instances.state, shown.state, WITHIN_MS, instancesFrom).map((m) => `state ${m}`),
          ];
        },
        { timeout: WITHIN_MS + 1_000 },
      )
      .toEqual([]);

    // All of it without a reload.
    expect(await page.evaluate(() => performance.timeOrigin)).toBe(loadId);
  } finally {
    await deleteService(page.request, service.id);
  }
});
