import { curlCommand, exampleRequestText } from "@rts/contracts";
import { expect, test } from "@playwright/test";
import { createService, deleteService, getService, uniqueName, versionId, waitForState } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { ALICE } from "./support/users.ts";

test("call a 70/30 service from the prediction test panel and see the answer and the version", async ({ page }) => {
  await loginThroughApi(page, ALICE);
  const [v1, v2] = await Promise.all([
    versionId(page.request, "text-classifier", "1.0.0"),
    versionId(page.request, "text-classifier", "2.0.0"),
  ]);
  const service = await createService(page.request, {
    name: uniqueName("predict"),
    resourcePool: { type: "public" },
    configurations: [
      { versionId: v1, trafficRatio: 70, flavorId: "cpu.2u8g", computeNodes: 1 },
      { versionId: v2, trafficRatio: 30, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  });
  await waitForState(page.request, service.id, "Running");

  await page.goto(`/services/${service.id}`);
  await expect(page.getByRole("heading", { level: 1, name: service.name })).toBeVisible();
  await page.getByRole("tab", { name: "Prediction test" }).click();
  await expect(page).toHaveURL(/\?tab=prediction$/);

  const body = page.getByLabel("Request body (JSON)");
  // Invalid JSON is caught in the browser, next to the field.
  await body.fill("{not json");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(body).toHaveAccessibleDescription(/Not valid JSON/);

  await body.fill('{"text": "My invoice is wrong and I want a refund"}');
  await page.getByRole("button", { name: "Send" }).click();
  const version = page.getByTestId("model-version");
  await expect(version).toHaveText(/^(1\.0\.0|2\.0\.0)$/, { timeout: 15_000 });
  await expect(page.getByRole("definition").filter({ hasText: /^200$/ })).toBeVisible();
  const answer = page.getByLabel("Response body");
  await expect(answer).toContainText("{");
  const parsed = JSON.parse((await answer.textContent()) ?? "") as Record<string, unknown>;
  expect(Object.keys(parsed).length).toBeGreaterThan(0);

  await deleteService(page.request, service.id);
});

test("number-regressor's prediction test and usage guide start from its own example request, which it answers", async ({ page }) => {
  await loginThroughApi(page, ALICE);
  const service = await createService(page.request, {
    name: uniqueName("regress"),
    resourcePool: { type: "public" },
    configurations: [{ versionId: await versionId(page.request, "number-regressor", "1.0.0"), trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1 }],
  });
  await waitForState(page.request, service.id, "Running");
  const example = (await getService(page.request, service.id)).configurations[0]!.exampleRequest;
  expect(example).toHaveProperty("features");

  await page.goto(`/services/${service.id}?tab=prediction`);
  const body = page.getByLabel("Request body (JSON)");
  await expect(body).toHaveValue(exampleRequestText(example));
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("model-version")).toHaveText("1.0.0", { timeout: 15_000 });
  await expect(page.getByRole("definition").filter({ hasText: /^200$/ })).toBeVisible();
  await expect(page.getByLabel("Response body")).toContainText('"prediction"');

  await page.getByRole("tab", { name: "Usage guide" }).click();
  await expect(page.locator("code").filter({ hasText: /^curl / })).toHaveText(curlCommand(`${new URL(page.url()).origin}/v1/infers/${service.id}`, example));
  await expect(page.getByRole("button", { name: "Copy input schema" })).toBeVisible();

  await deleteService(page.request, service.id);
});
