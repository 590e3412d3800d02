import { expect, test } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { applyChanges, changeRows, dryRunThroughApi, openModify, toConfirmation } from "./support/modify.ts";
import { ALICE } from "./support/users.ts";
import { STEP_TITLES, stepHeading } from "./support/wizard.ts";

test("R16 scale up Compute Nodes 1 -> 2 in the console and see the new instance in the instances panel", async ({ page }) => {
  test.setTimeout(150_000);
  await loginThroughApi(page, ALICE);
  const service = await createService(page.request, {
    name: uniqueName("modify-scale"),
    resourcePool: { type: "public" },
    configurations: [{ versionId: await versionId(page.request, "text-classifier", "1.0.0"), trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 }],
  });
  await waitForState(page.request, service.id, "Running");
  const before = await getService(page.request, service.id);
  expect(before.instances).toHaveLength(1);

  try {
    await openModify(page, service);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(stepHeading(page, STEP_TITLES.resources)).toBeVisible();
    await page.getByLabel("Compute Nodes").fill("2");
    await expect(page.getByText("Distributed computing mode: 2 instances.")).toBeVisible();
    await toConfirmation(page);
    expect(await changeRows(page)).toEqual([["Compute Nodes of text-classifier 1.0.0", "1", "2"]]);
    await expect(page.getByTestId("instance-effect")).toContainText("No instance restarts. New instances start");
    await expect(page.getByTestId("cost-difference").first()).toHaveText("$0.12 → $0.24 per hour (+$0.12)");
    const quota = page.getByRole("table", { name: "Quota difference" }).first();
    await expect(quota.getByRole("row", { name: /^vCPUs/ })).toContainText("+2");
    await applyChanges(page, service.id);

    await page.getByRole("tab", { name: "Instances" }).click();
    const rows = page.getByRole("table").locator("tbody tr");
    await expect(rows).toHaveCount(2, { timeout: 30_000 });
    // Both instances end up healthy and serving, the service Running again.
    await expect(rows.locator("[data-instance-state='Healthy']")).toHaveCount(2, { timeout: 45_000 });
    await expect(rows.locator("[data-serving='serving']")).toHaveCount(2, { timeout: 30_000 });
    await expect(page.locator(".sd-state [data-state]")).toHaveText(/Running/, { timeout: 30_000 });
    const after = await getService(page.request, service.id);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.configurations[0]?.computeNodes).toBe(2);
  } finally {
    await deleteService(page.request, service.id);
  }
});

test("R12 scaling past the quota is refused with the quota's sentence at Compute Nodes, the same as the API's", async ({ page }) => {
  test.setTimeout(120_000);
  await loginThroughApi(page, ALICE);
  const service = await createService(page.request, {
    name: uniqueName("modify-quota"),
    resourcePool: { type: "public" },
    configurations: [{ versionId: await versionId(page.request, "text-classifier", "1.0.0"), trafficRatio: 100, flavorId: "cpu.8u32g", computeNodes: 1 }],
  });
  await waitForState(page.request, service.id, "Running");

  try {
    await openModify(page, service);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(stepHeading(page, STEP_TITLES.resources)).toBeVisible();
    // 20 x 8 vCPUs is more than alice's 128.
    const nodes = page.getByLabel("Compute Nodes");
    await nodes.fill("20");
    await expect(nodes).toHaveAttribute("aria-invalid", "true");
    await expect(nodes).toHaveAccessibleDescription(/Not enough quota: your other services and pools use .* this service holds 8 vCPUs, 32 GiB memory and 0 GPUs and would hold 160 vCPUs, 640 GiB memory and 0 GPUs/);
    const shown = (await page.locator("#deploy-configurations-0-computeNodes-error").textContent())?.trim();

    // The API's dry run refuses it with the very same sentence, on "configurations" (R12).
    const current = await getService(page.request, service.id);
    const preview = await dryRunThroughApi(page.request, current, {
      configurations: current.configurations.map((c) => ({ versionId: c.versionId, trafficRatio: c.trafficRatio, flavorId: c.flavorId, computeNodes: 20, envVars: c.envVars })),
    });
    expect(preview.valid).toBe(false);
    const refusal = preview.issues.find((i) => i.rule === "R12");
    expect(refusal?.path).toBe("configurations");
    expect(shown).toBe(refusal?.message);
    expect(refusal?.message).toContain("Lower the compute nodes");

    // Next keeps the step; nothing was sent.
    await page.getByRole("button", { name: "Next" }).click();
    await expect(stepHeading(page, STEP_TITLES.resources)).toBeVisible();
    expect((await getService(page.request, service.id)).revision).toBe(current.revision);
  } finally {
    await deleteService(page.request, service.id);
  }
});
