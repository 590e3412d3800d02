import { expect, test } from "@playwright/test";
import { deleteService, uniqueName } from "./support/api.ts";
import { loginThroughApi } from "./support/auth.ts";
import { serviceRow, stateOf } from "./support/list.ts";
import { ALICE } from "./support/users.ts";
import { FLAVOR_LABELS, STEP_TITLES, fillResources, next, openWizard, submit } from "./support/wizard.ts";

test("a WebSocket service deployed with the wizard streams in the prediction test panel", async ({ page }) => {
  const name = uniqueName("stream");
  await loginThroughApi(page, ALICE);
  await openWizard(page);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await next(page, STEP_TITLES.resources);
  await fillResources(page, {
    application: "sentiment-stream",
    versions: [{ version: "1.0.0", ratio: 100, flavor: FLAVOR_LABELS.cpu2 }],
    websocket: true,
  });
  await expect(page.getByRole("checkbox", { name: "WebSocket" })).toBeChecked();
  await next(page, STEP_TITLES.data);
  // R10: a WebSocket service has neither data collection nor a traffic limit.
  await expect(page.getByRole("checkbox", { name: "Data Collection" })).toBeDisabled();
  await expect(page.getByLabel("Traffic limit (requests per second)")).toBeDisabled();
  await next(page, STEP_TITLES.confirm);
  await expect(page.getByRole("definition").filter({ hasText: /^On$/ })).toHaveCount(1);
  await submit(page);

  const row = serviceRow(page, name);
  await expect(stateOf(row)).toHaveText(/Running/, { timeout: 30_000 });
  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("tab", { name: "Prediction test" }).click();

  const status = page.getByRole("status").filter({ hasText: /Connected|Connecting|Disconnected/ });
  await expect(status).toHaveText("Disconnected");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(status).toHaveText("Connected", { timeout: 15_000 });

  // The message starts from the version's example request.
  const message = page.getByLabel("Message (JSON)");
  await expect(message).toHaveValue(/"text": "not good at all"/);
  await message.fill('{"text": "this is very good"}');
  await page.getByRole("button", { name: "Send" }).click();
  const log = page.getByRole("log", { name: "WebSocket messages" });
  await expect(log).toContainText('{"text":"this is very good"}');
  await expect(log.getByRole("listitem").filter({ hasText: /^←\s*token “/ }).first()).toBeVisible({ timeout: 15_000 });
  await expect(log.getByRole("listitem").filter({ hasText: /^←\s*done: label / })).toHaveCount(1, { timeout: 15_000 });
  expect(await log.getByRole("listitem").filter({ hasText: /^←\s*token “/ }).count()).toBeGreaterThan(1);
  await expect(page.getByText(/last answer from version/)).toContainText("1.0.0");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(status).toHaveText("Disconnected");

  // Leave the list as it was (the docs screenshots show it) and free the model servers.
  await deleteService(page.request, id);
});
