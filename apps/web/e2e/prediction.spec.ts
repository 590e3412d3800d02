import { curlCommand, exampleRequestText, openInferenceCurlCommand } from "@rts/contracts";
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

test("the ONNX sample on the Open Inference Protocol v2: the panel sends its tensors to the version picked, the usage guide gives the OIP curl", async ({ page }) => {
  await loginThroughApi(page, ALICE);
  const [v1, v2] = await Promise.all([
    versionId(page.request, "delivery-eta-onnx", "1.0.0"),
    versionId(page.request, "delivery-eta-onnx", "2.0.0"),
  ]);
  const service = await createService(page.request, {
    name: uniqueName("onnx"),
    resourcePool: { type: "public" },
    configurations: [
      { versionId: v1, trafficRatio: 70, flavorId: "cpu.2u8g", computeNodes: 1 },
      { versionId: v2, trafficRatio: 30, flavorId: "cpu.2u8g", computeNodes: 1 },
    ],
  });
  await waitForState(page.request, service.id, "Running");
  const example = (await getService(page.request, service.id)).configurations[0]!.exampleRequest;
  expect(example).toHaveProperty("inputs");

  await page.goto(`/services/${service.id}?tab=prediction`);
  await page.getByLabel("Example of version").selectOption({ label: "2.0.0 (30% of calls)" });
  const body = page.getByLabel("Inference request (Open Inference Protocol v2, JSON)");
  await expect(body).toHaveValue(exampleRequestText(example));
  await expect(body).toHaveAccessibleDescription(/to version 2\.0\.0 only/);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("model-version")).toHaveText("2.0.0", { timeout: 15_000 });
  await expect(page.getByRole("definition").filter({ hasText: /^200$/ })).toBeVisible();
  const answer = JSON.parse((await page.getByLabel("Response body").textContent()) ?? "") as { model_version: string; outputs: Array<{ name: string; data: number[] }> };
  expect(answer.model_version).toBe("2.0.0");
  expect(answer.outputs[0]!.name).toBe("minutes");
  expect(answer.outputs[0]!.data[0]).toBeGreaterThan(0);

  await page.getByRole("tab", { name: "Usage guide" }).click();
  const base = `${new URL(page.url()).origin}/v1/infers/${service.id}`;
  await expect(page.getByText(/Its versions speak the Open Inference Protocol v2/)).toBeVisible();
  await expect(page.locator("code").filter({ hasText: /^curl / })).toHaveText(openInferenceCurlCommand(base, "delivery-eta-onnx", example));
  // At phone width the long OIP URLs wrap instead of widening the page.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await deleteService(page.request, service.id);
});
