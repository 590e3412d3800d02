import { SERVICE_LIMIT, SERVICE_LIMIT_MESSAGE } from "@rts/contracts";
import { expect, test } from "@playwright/test";
import { createService, deleteService, listServices, uniqueName, versionId } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { BOB } from "./support/users.ts";

test("the 21st service: at 20 the Deploy button is disabled with the R1 reason", async ({ page }) => {
  await loginThroughApi(page, BOB);
  const version = await versionId(page.request, "text-classifier", "1.0.0");
  const created: string[] = [];
  try {
    // Bob fills his slots through the API: the free specification keeps 20 services within his quota.
    const { count } = await listServices(page.request);
    for (let i = count; i < SERVICE_LIMIT; i++) {
      const service = await createService(page.request, {
        name: uniqueName(`bulk-${String(i + 1).padStart(2, "0")}`),
        resourcePool: { type: "public" },
        configurations: [{ versionId: version, trafficRatio: 100, flavorId: "cpu.free.1u4g", computeNodes: 1 }],
      });
      created.push(service.id);
    }
    expect((await listServices(page.request)).count).toBe(SERVICE_LIMIT);

    await page.goto("/services");
    await expect(page.getByText(`${SERVICE_LIMIT} / ${SERVICE_LIMIT} services`)).toBeVisible();
    const deploy = page.getByRole("button", { name: "Deploy", exact: true });
    await expect(deploy).toBeDisabled();
    await expect(deploy).toHaveAccessibleDescription(SERVICE_LIMIT_MESSAGE);
    await expect(page.getByText(SERVICE_LIMIT_MESSAGE, { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Deploy", exact: true })).toHaveCount(0);

    // Going to the wizard directly says the same, and the API refuses the 21st.
    await page.goto("/services/deploy");
    await expect(page.getByRole("alert").filter({ hasText: SERVICE_LIMIT_MESSAGE })).toBeVisible();
    const refused = await page.request.post("/api/v1/services", {
      data: {
        name: uniqueName("bulk-21"),
        resourcePool: { type: "public" },
        configurations: [{ versionId: version, trafficRatio: 100, flavorId: "cpu.free.1u4g", computeNodes: 1 }],
      },
    });
    expect(refused.status()).toBeGreaterThanOrEqual(400);
    expect(await refused.text()).toContain(SERVICE_LIMIT_MESSAGE);
  } finally {
    // Free the model-server processes for the other flows.
    for (const id of created) await deleteService(page.request, id);
  }
});
