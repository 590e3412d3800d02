// Every rule the wizard can break, with the shared contracts' own sentences next to the fields
// (the same the API answers with). The wizard blocks Next on a step with errors, so each step is
// broken in full, its errors checked, then fixed to reach the next step.
import {
  COMPUTE_NODES_MESSAGES,
  DATA_COLLECTION_MESSAGES,
  DESCRIPTION_MESSAGES,
  ENV_VAR_GENERAL_WARNING,
  ENV_VAR_MESSAGES,
  NAME_MESSAGES,
  TIMEOUT_MESSAGE,
  TRAFFIC_LIMIT_MESSAGES,
  VERSION_MESSAGES,
  sensitiveEnvVarWarning,
} from "@rts/contracts";
import { expect, test } from "@playwright/test";
import { loginThroughApi } from "./support/auth.ts";
import { ALICE } from "./support/users.ts";
import { FLAVOR_LABELS, STEP_TITLES, next, openWizard, sentDeploys, stepHeading, versionRow } from "./support/wizard.ts";

test("a form with every rule broken shows every error next to its field", async ({ page }) => {
  await loginThroughApi(page, ALICE);
  await openWizard(page);

  // Step 1: R2 name format and description length.
  const name = page.getByLabel("Name", { exact: true });
  const description = page.getByLabel("Description");
  await name.fill("1 bad!");
  await description.fill("x".repeat(101));
  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(new RegExp(escape(NAME_MESSAGES.format)));
  await expect(description).toHaveAccessibleDescription(new RegExp(escape(DESCRIPTION_MESSAGES.tooLong)));
  // Focus goes to a field in error (the rule order puts Description first).
  await expect(page.locator(":focus")).toHaveAttribute("aria-invalid", "true");
  await name.fill("");
  await expect(name).toHaveAccessibleDescription(new RegExp(escape(NAME_MESSAGES.required)));
  // The taken-name check does not wait for the description to be fixed (R15: every error at once).
  await name.fill("demo-classifier");
  await expect(name).toHaveAccessibleDescription(new RegExp(escape(NAME_MESSAGES.taken("demo-classifier"))));
  await expect(description).toHaveAccessibleDescription(new RegExp(escape(DESCRIPTION_MESSAGES.tooLong)));
  await description.fill("");
  await name.fill("rules-check");
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
  await next(page, STEP_TITLES.resources);

  // Step 2: versions, ratios, specifications, compute nodes, environment variables, timeout, WebSocket.
  // R10: sentiment-stream speaks only WebSocket, so choosing it turns WebSocket on and locks it.
  const websocket = page.getByRole("checkbox", { name: "WebSocket" });
  await page.getByLabel("AI Application and Version", { exact: true }).selectOption({ label: "sentiment-stream" });
  await versionRow(page, 1).getByLabel("Version", { exact: true }).selectOption({ label: "1.0.0" });
  await expect(websocket).toBeChecked();
  await expect(websocket).toBeDisabled();
  await expect(websocket).toHaveAccessibleDescription(/^WebSocket is on because version 1\.0\.0 of "sentiment-stream" speaks only WebSocket/);
  await page.getByLabel("AI Application and Version", { exact: true }).selectOption({ label: "text-classifier" });
  await expect(websocket).not.toBeChecked();
  const row1 = versionRow(page, 1);
  const versionSelect = row1.getByLabel("Version", { exact: true });
  // Only Normal versions can be chosen; the others are listed with their state.
  await expect(versionSelect.getByRole("option", { name: "2.1.0 (Building)" })).toBeDisabled();
  await expect(versionSelect.getByRole("option", { name: "0.9.0 (Failed)" })).toBeDisabled();
  await versionSelect.selectOption({ label: "1.0.0" });
  // R10: text-classifier comes from a model package, so WebSocket is off and says why.
  await expect(websocket).toBeDisabled();
  await expect(websocket).toHaveAccessibleDescription(/WebSocket needs WebSocket-compliant AI applications from a container image/);
  // R6: the gray specification is listed but cannot be chosen.
  await expect(row1.getByRole("radio", { name: FLAVOR_LABELS.a100, exact: true })).toBeDisabled();
  await expect(row1.getByRole("radio", { name: FLAVOR_LABELS.a100, exact: true })).toHaveAccessibleDescription("not available in this environment");
  // R5: the free specification refuses a gray launch.
  await row1.getByRole("radio", { name: FLAVOR_LABELS.free, exact: true }).check();
  const addVersion = page.getByRole("button", { name: "Add AI Application Version and Configuration" });
  await expect(addVersion).toBeDisabled();
  await expect(addVersion).toHaveAccessibleDescription(VERSION_MESSAGES.freeFlavorSingleVersion(FLAVOR_LABELS.free));
  await row1.getByRole("radio", { name: FLAVOR_LABELS.cpu2, exact: true }).check();
  await expect(addVersion).toBeEnabled();
  await addVersion.click();

  const row2 = versionRow(page, 2);
  await row2.getByLabel("Version", { exact: true }).selectOption({ label: "2.0.0" });
  await row1.getByLabel("Traffic Ratio (%)").fill("70");
  await row2.getByLabel("Traffic Ratio (%)").fill("20");
  await expect(page.getByText("Traffic ratio total: 90% (must be 100%)")).toBeVisible();
  await row2.getByLabel("Compute Nodes").fill("0");
  await page.getByLabel("Timeout").fill("1");
  await row1.getByRole("button", { name: "Add environment variable" }).click();
  await row1.getByLabel("Key", { exact: true }).fill("1BAD KEY");
  await row1.getByLabel("Value", { exact: true }).fill("x");
  await expect(row1.getByText(ENV_VAR_GENERAL_WARNING, { exact: false })).toBeVisible();

  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page, STEP_TITLES.resources)).toBeVisible();
  await expect(row2.getByLabel("Compute Nodes")).toHaveAccessibleDescription(new RegExp(escape(COMPUTE_NODES_MESSAGES.range)));
  await expect(page.getByLabel("Timeout")).toHaveAccessibleDescription(new RegExp(escape(TIMEOUT_MESSAGE)));
  await expect(row1.getByLabel("Key", { exact: true })).toHaveAccessibleDescription(ENV_VAR_MESSAGES.keyFormat);
  for (const field of [row2.getByLabel("Compute Nodes"), page.getByLabel("Timeout"), row1.getByLabel("Key", { exact: true })]) {
    await expect(field).toHaveAttribute("aria-invalid", "true");
  }
  // The cross-field rules speak at the same time (R15): the sum of ratios.
  await expect(page.getByText(VERSION_MESSAGES.ratioSum(90), { exact: true })).toBeVisible();

  // With the field formats fixed, the sum of ratios is still reported until it is fixed too.
  await row2.getByLabel("Compute Nodes").fill("1");
  await page.getByLabel("Timeout").fill("20");
  await row1.getByLabel("Key", { exact: true }).fill("API_TOKEN");
  await expect(row1.getByText(sensitiveEnvVarWarning("API_TOKEN"))).toBeVisible();
  await expect(page.getByText(VERSION_MESSAGES.ratioSum(90), { exact: true })).toBeVisible();
  await row2.getByLabel("Traffic Ratio (%)").fill("101");
  await expect(row2.getByLabel("Traffic Ratio (%)")).toHaveAccessibleDescription(new RegExp(escape(VERSION_MESSAGES.trafficRatio)));
  await row2.getByLabel("Traffic Ratio (%)").fill("30");
  await expect(page.getByText("Traffic ratio total: 100% (must be 100%)")).toBeVisible();
  await expect(page.getByText(VERSION_MESSAGES.ratioSum(90), { exact: true })).toHaveCount(0);
  await next(page, STEP_TITLES.data);

  // Step 3: R11 data collection rules and the traffic limit.
  await page.getByRole("checkbox", { name: "Data Collection" }).check();
  const sampling = page.getByLabel("Sampling rate (%)");
  const retention = page.getByLabel("Retention (days)");
  const limit = page.getByLabel("Traffic limit (requests per second)");
  await sampling.fill("0");
  await retention.fill("31");
  await limit.fill("0");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(stepHeading(page, STEP_TITLES.data)).toBeVisible();
  await expect(sampling).toHaveAccessibleDescription(new RegExp(escape(DATA_COLLECTION_MESSAGES.samplingPercent)));
  await expect(retention).toHaveAccessibleDescription(new RegExp(escape(DATA_COLLECTION_MESSAGES.retentionDays)));
  await expect(limit).toHaveAccessibleDescription(new RegExp(escape(TRAFFIC_LIMIT_MESSAGES.requestsPerSecond)));

  // Fixed, the confirmation step is reached with nothing left to complain about.
  await sampling.fill("10");
  await retention.fill("7");
  await limit.fill("50");
  await next(page, STEP_TITLES.confirm);
  await expect(page.getByRole("button", { name: "Submit", exact: true })).toBeEnabled();
  await expect(page.getByTestId("deploy-form-alert")).toHaveCount(0);
  expect(sentDeploys(page), "nothing is deployed before Submit").toHaveLength(0);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
