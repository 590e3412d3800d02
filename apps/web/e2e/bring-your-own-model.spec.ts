// Bringing one's own model through the console: create an AI application, upload the ONNX
// sample's model file as a version, watch it go Building -> Normal in the list without a reload,
// deploy it with the wizard and call it from the service's prediction test panel. Then the two
// new pages at 1440 px and 390 px: axe finds nothing, nothing scrolls sideways.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { deleteService, listServices, uniqueName, waitForState } from "./support/api.ts";
import { loginThroughApi, loginThroughForm } from "./support/auth.ts";
import { checkPage, WIDTHS, type WidthName } from "./support/console-pages.ts";
import { ALICE } from "./support/users.ts";
import { FLAVOR_LABELS, fillResources, next, STEP_TITLES, stepHeading } from "./support/wizard.ts";

// The ONNX sample's model file on its own (no manifest): FP32 features [batch, 3] -> minutes [batch, 1].
const ONNX_SAMPLE_MODEL = path.resolve(fileURLToPath(import.meta.url), "../../../../sample-apps/delivery-eta-onnx/1.0.0/model.onnx");
const OIP_REQUEST = { inputs: [{ name: "features", shape: [1, 3], datatype: "FP32", data: [4.2, 3, 1] }] };

function applicationSection(page: Page, name: string) {
  return page.getByRole("region", { name, exact: true });
}

function versionRow(page: Page, application: string, version: string) {
  return applicationSection(page, application)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: version, exact: true }) });
}

async function createApplication(page: Page, name: string): Promise<void> {
  await page.goto("/ai-applications");
  await expect(page.getByRole("heading", { level: 1, name: "AI Applications" })).toBeVisible();
  await page.getByRole("textbox", { name: "Name" }).fill(name);
  await page.getByRole("textbox", { name: "Description" }).fill("Delivery time from distance, items and rush hour");
  await page.getByRole("button", { name: "Create AI application" }).click();
  await expect(page.getByRole("heading", { level: 2, name, exact: true })).toBeVisible();
}

async function deleteApplication(page: Page, name: string): Promise<void> {
  const response = await page.request.get("/api/v1/ai-applications");
  const body = (await response.json()) as { items: Array<{ id: string; name: string }> };
  const app = body.items.find((a) => a.name === name);
  if (app) await page.request.delete(`/api/v1/ai-applications/${app.id}`);
}

test("bring your own model: upload an ONNX file, see it build, deploy it and call it from the prediction panel", async ({ page }) => {
  test.setTimeout(180_000);
  const application = uniqueName("eta");
  const serviceName = uniqueName("eta-svc");
  await loginThroughForm(page, ALICE);
  await createApplication(page, application);

  await page.getByRole("link", { name: `Add version to ${application}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Add version to ${application}` })).toBeVisible();
  await page.getByRole("radio", { name: "Model file (ONNX)" }).check();
  await page.getByRole("textbox", { name: "Version" }).fill("1.0.0");
  await page.getByLabel("Model file (.onnx)").setInputFiles(ONNX_SAMPLE_MODEL);
  await page.getByRole("button", { name: "Add version" }).click();

  await expect(page).toHaveURL(/\/ai-applications$/);
  await expect(page.getByText(`Version added: ${application} 1.0.0`)).toBeVisible();
  const row = versionRow(page, application, "1.0.0");
  await expect(row).toContainText("model.onnx");
  await expect(row).toContainText("Model file (ONNX)");
  await expect(row).toContainText("Built-in ONNX Runtime");
  // The list polls while the version builds: Normal shows up without a reload.
  await expect(row.locator("[data-version-state]")).toHaveText("Normal", { timeout: 60_000 });
  await row.getByText("Build events").click();
  await expect(row.getByRole("listitem").first()).toBeVisible();

  await row.getByRole("link", { name: `Deploy ${application} 1.0.0` }).click();
  await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(serviceName);
  await next(page, STEP_TITLES.resources);
  await fillResources(page, { application, versions: [{ version: "1.0.0", ratio: 100, flavor: FLAVOR_LABELS.cpu2 }] });
  await next(page, STEP_TITLES.data);
  await next(page, STEP_TITLES.confirm);
  await page.getByRole("button", { name: "Submit", exact: true }).click();
  await expect(page).toHaveURL(/\/services$/, { timeout: 15_000 });

  const service = (await listServices(page.request, `&q=${serviceName}`)).items.find((s) => s.name === serviceName);
  expect(service, "the deployed service is listed").toBeTruthy();
  await waitForState(page.request, service!.id, "Running", 90_000);

  await page.goto(`/services/${service!.id}?tab=prediction`);
  await expect(page.getByRole("heading", { level: 2, name: "Prediction test" })).toBeVisible();
  await page.getByLabel("Inference request (Open Inference Protocol v2, JSON)").fill(JSON.stringify(OIP_REQUEST));
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("definition").filter({ hasText: /^200$/ })).toBeVisible({ timeout: 15_000 });
  const answer = page.getByLabel("Response body");
  await expect(answer).toContainText('"outputs"');
  await expect(answer).toContainText('"minutes"');

  await deleteService(page.request, service!.id);
  await expect.poll(async () => (await listServices(page.request, `&q=${serviceName}`)).items.length, { timeout: 60_000 }).toBe(0);
  await deleteApplication(page, application);
});

for (const width of Object.keys(WIDTHS) as WidthName[]) {
  test(`the AI Applications page and the add-version page at ${WIDTHS[width].width} px`, async ({ page }) => {
    await page.setViewportSize(WIDTHS[width]);
    await loginThroughApi(page, ALICE);
    const application = uniqueName("layout");
    await createApplication(page, application);
    // The notice of the creation sits over the page for a while; what is checked is the page.
    await page.getByRole("button", { name: "Dismiss notification" }).click();
    await expect(page.getByRole("button", { name: "Dismiss notification" })).toHaveCount(0);
    await expect(page).toHaveTitle("AI Applications · Real-Time Services");
    await checkPage(page, width, "AI Applications");

    await page.getByRole("link", { name: `Add version to ${application}` }).click();
    await expect(page).toHaveTitle(`Add version to ${application} · Real-Time Services`);
    await page.getByRole("button", { name: "Add version" }).click();
    await expect(page.getByText("Choose a file to upload.")).toBeVisible();
    await checkPage(page, width, "add version: errors");
    await page.getByRole("radio", { name: "Container image" }).check();
    await checkPage(page, width, "add version: container image");
    await deleteApplication(page, application);
  });
}
