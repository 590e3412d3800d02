// The Modify page (R16) against the mocked API (MSW): prefilled from the service, the change's
// diff, restart and quota/cost difference on the confirmation, and what PATCH can answer (202,
// 412 stale revision, 409, 422 quota). The dry runs and refusals come from the shared rules.
import { MODIFY_MESSAGES, transitionRefusal, validateModifyRequest } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { fixtureDeployContext, flavors, tightQuota } from "../../testing/msw/fixtures.ts";
import { MODIFY_SERVICE_ID, modifiableService } from "../../testing/msw/service-fixtures.ts";
import { serviceApiHandlers, type RecordedRequest } from "../../testing/msw/service-handlers.ts";
import { fill } from "./deploy-story-interactions.ts";
import { changeBody, serviceAsDeployValues } from "./modify-form.ts";
import { ModifyPage } from "./modify-page.tsx";

const meta = {
  title: "Deploy wizard/Modify page",
  component: ModifyPage,
  args: { serviceId: MODIFY_SERVICE_ID },
  parameters: { route: `/services/${MODIFY_SERVICE_ID}/modify`, msw: serviceApiHandlers() },
} satisfies Meta<typeof ModifyPage>;

export default meta;
type Story = StoryObj<typeof meta>;
type Canvas = ReturnType<typeof within>;

const TIMEOUT = { timeout: 3000 };

const stepHeading = (canvas: Canvas, name: RegExp) => canvas.findByRole("heading", { level: 2, name }, TIMEOUT);

async function opened(canvas: Canvas) {
  await canvas.findByRole("heading", { level: 1, name: "Modify digits-service" }, TIMEOUT);
  return canvas.findByLabelText("Name", {}, TIMEOUT);
}

async function next(canvas: Canvas, title: RegExp) {
  await userEvent.click(canvas.getByRole("button", { name: "Next" }));
  await stepHeading(canvas, title);
}

async function toResources(canvas: Canvas) {
  await opened(canvas);
  await next(canvas, /Resource pool and AI application/);
}

async function resourcesToConfirm(canvas: Canvas) {
  await next(canvas, /Data Collection and traffic limit/);
  await next(canvas, /Confirm/);
}

async function serverChecked(canvas: Canvas) {
  await waitFor(() => expect(canvas.getByTestId("modify-preview-source")).toHaveTextContent("From the server's dry run."), TIMEOUT);
}

/** The texts of a table row's cells, header cell first. */
function cells(row: HTMLElement): string[] {
  return Array.from(row.querySelectorAll("th, td")).map((cell) => cell.textContent ?? "");
}

function sentChange(log: RecordedRequest[]): RecordedRequest | undefined {
  return log.find((r) => r.method === "PATCH" && !r.dryRun);
}

/** The R12 refusal the shared rule gives when digits 2.0.0 asks for `nodes` nodes on the tight quota. */
function quotaRefusal(nodes: number): string {
  const current = serviceAsDeployValues(modifiableService());
  const change = changeBody({
    ...current,
    configurations: current.configurations.map((c, i) => (i === 1 ? { ...c, computeNodes: nodes } : c)),
  });
  const verdict = validateModifyRequest(change, current, fixtureDeployContext({ quota: tightQuota }));
  const found = verdict.issues.find((i) => i.rule === "R12");
  if (!found) throw new Error("expected an R12 refusal");
  return found.message;
}

export const Prefilled: Story = {
  name: "Prefilled from the service",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const name = await opened(canvas);
    await expect(name).toHaveValue("digits-service");
    await expect(name).toHaveAttribute("readonly");
    await expect(canvas.getByText(MODIFY_MESSAGES.fixed.name.message)).toBeInTheDocument();
    await expect(canvas.getByLabelText("Description")).toHaveValue("Handwritten digit recognition");
    await expectNoAxeViolations(canvasElement);

    await next(canvas, /Resource pool and AI application/);
    const pool = canvas.getByLabelText("Resource Pool");
    await expect(pool).toHaveValue("Public resource pools");
    await expect(pool).toHaveAttribute("readonly");
    await expect(canvas.getByText(MODIFY_MESSAGES.fixed.resourcePool.message)).toBeInTheDocument();
    await expect(canvas.getByLabelText("Multi-Pool Load Balancing")).toBeDisabled();
    await expect(canvas.getByLabelText("WebSocket")).toBeDisabled();
    await expect(canvas.getByText(new RegExp(MODIFY_MESSAGES.fixed.websocket.message))).toBeInTheDocument();
    const ratios = canvas.getAllByLabelText("Traffic Ratio (%)") as HTMLInputElement[];
    await expect(ratios.map((r) => r.value)).toEqual(["70", "30"]);
    for (const radio of canvas.getAllByLabelText(flavors.cpu2.name)) await expect(radio).toBeChecked();
    await expect((canvas.getAllByLabelText("Compute Nodes") as HTMLInputElement[]).map((n) => n.value)).toEqual(["1", "1"]);
    // Env values come masked; left as they are, they keep the current value.
    await expect(canvas.getByLabelText("Key")).toHaveValue("LOG_LEVEL");
    const value = canvas.getByLabelText("Value");
    await expect(value).toHaveValue("********");
    await expect(value).toHaveAccessibleDescription(/Leave \*{8} to keep the current value/);
    await expectNoAxeViolations(canvasElement);

    await next(canvas, /Data Collection and traffic limit/);
    await expect(canvas.getByLabelText("Auto Stop")).toHaveDisplayValue("Off (never stops by itself)");
    await next(canvas, /Confirm/);
    await expect(await canvas.findByText("Nothing changes.")).toBeInTheDocument();
    const apply = canvas.getByRole("button", { name: "Apply changes" });
    await expect(apply).toBeDisabled();
    await expect(apply).toHaveAccessibleDescription(/Nothing to change yet/);
  },
};

const restartLog: RecordedRequest[] = [];

export const ConfirmationWithRestart: Story = {
  name: "Confirmation: diff, restart, quota and cost difference",
  parameters: { msw: serviceApiHandlers({ log: restartLog }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await toResources(canvas);
    await fill(canvas.getByLabelText("Value"), "debug");
    await fill(canvas.getAllByLabelText("Compute Nodes")[1] as HTMLElement, "2");
    await resourcesToConfirm(canvas);
    await serverChecked(canvas);

    const changes = canvas.getByRole("table", { name: "What changes" });
    await expect(cells(within(changes).getByRole("row", { name: /Compute Nodes of digits 2\.0\.0/ }))).toEqual([
      "Compute Nodes of digits 2.0.0",
      "1",
      "2",
    ]);
    await expect(cells(within(changes).getByRole("row", { name: /Environment Variable of digits 1\.0\.0/ }))).toEqual([
      "Environment Variable of digits 1.0.0",
      "LOG_LEVEL",
      "LOG_LEVEL (values changed)",
    ]);
    await expect(canvas.getByTestId("instance-effect")).toHaveTextContent(/^Instances restart\. Instances restart: new instances start/);
    await expect(canvas.getByTestId("cost-difference")).toHaveTextContent("$0.24 → $0.36 per hour (+$0.12)");
    const quota = canvas.getAllByRole("table", { name: "Quota difference" })[0] as HTMLElement;
    await expect(cells(within(quota).getByRole("row", { name: /^vCPUs/ })).slice(0, 4)).toEqual(["vCPUs", "4", "6", "+2"]);
    await expectNoAxeViolations(canvasElement);

    await userEvent.click(canvas.getByRole("button", { name: "Apply changes" }));
    await waitFor(() => expect(sentChange(restartLog)).toBeDefined(), TIMEOUT);
    const sent = sentChange(restartLog) as RecordedRequest;
    // The revision the page was opened at guards the change; only changeable fields are sent.
    await expect(sent.ifMatch).toBe('"3"');
    const body = sent.body as Record<string, unknown>;
    await expect(Object.keys(body).sort()).toEqual(["autoStop", "configurations", "dataCollection", "description", "timeoutMinutes", "trafficLimit"]);
    const configurations = body["configurations"] as Array<{ computeNodes: number; envVars: Array<{ value: string }> }>;
    await expect(configurations[1]?.computeNodes).toBe(2);
    await expect(configurations[0]?.envVars[0]?.value).toBe("debug");
  },
};

const ratioLog: RecordedRequest[] = [];

export const RatioOnlyAppliesAtOnce: Story = {
  name: "70/30 to 0/100 applies at once",
  parameters: { msw: serviceApiHandlers({ log: ratioLog }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await toResources(canvas);
    const [first, second] = canvas.getAllByLabelText("Traffic Ratio (%)") as HTMLElement[];
    await fill(first as HTMLElement, "0");
    await fill(second as HTMLElement, "100");
    await expect(canvas.getByText("Traffic ratio total: 100% (must be 100%)")).toBeInTheDocument();
    await resourcesToConfirm(canvas);
    await serverChecked(canvas);
    await expect(canvas.getByTestId("instance-effect")).toHaveTextContent(/^No instance restarts\. Applies at once/);
    await expect(canvas.getByTestId("cost-difference")).toHaveTextContent("(no change)");
    await userEvent.click(canvas.getByRole("button", { name: "Apply changes" }));
    await waitFor(() => expect(sentChange(ratioLog)).toBeDefined(), TIMEOUT);
    const body = sentChange(ratioLog)?.body as { configurations: Array<{ trafficRatio: number }> };
    await expect(body.configurations.map((c) => c.trafficRatio)).toEqual([0, 100]);
  },
};

export const StaleRevision412: Story = {
  name: "Stale revision (412): reload",
  parameters: { msw: serviceApiHandlers({ modify: "stale" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await opened(canvas);
    await fill(canvas.getByLabelText("Description"), "Digits, second try");
    await next(canvas, /Resource pool and AI application/);
    await resourcesToConfirm(canvas);
    await serverChecked(canvas);
    await userEvent.click(canvas.getByRole("button", { name: "Apply changes" }));
    // Someone changed the service in the meantime: the API refuses with 412 and nothing is overwritten.
    const alert = await canvas.findByTestId("stale-revision", {}, TIMEOUT);
    await expect(alert).toHaveTextContent("This service changed since you opened it: reload it before you apply a change.");
    await expect(alert).toHaveTextContent(MODIFY_MESSAGES.stale(3, 4));
    await waitFor(() => expect(alert).toHaveFocus());
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(within(alert).getByRole("button", { name: "Reload the service" }));
    await waitFor(() => expect(canvas.queryByTestId("stale-revision")).not.toBeInTheDocument(), TIMEOUT);
    // The wizard starts again from the service's current settings.
    await stepHeading(canvas, /Basic information/);
    await expect(canvas.getByLabelText("Description")).toHaveValue("Handwritten digit recognition");
  },
};

export const QuotaRefusedOnScaleUp: Story = {
  name: "R12 quota refused on scale-up, at Compute Nodes",
  parameters: { msw: serviceApiHandlers({ quota: tightQuota }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await toResources(canvas);
    const nodes = canvas.getAllByLabelText("Compute Nodes")[1] as HTMLElement;
    await fill(nodes, "4");
    const message = quotaRefusal(4);
    // The rule's own sentence (what is used, held, asked and left), on the group and at Compute Nodes.
    await waitFor(() => expect(canvas.getAllByText(message).length).toBeGreaterThanOrEqual(2));
    await expect(nodes).toHaveAttribute("aria-invalid", "true");
    await expect(nodes).toHaveAccessibleDescription(new RegExp(message.slice(0, 60).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Resource pool and AI application/);
    await fill(nodes, "2");
    await waitFor(() => expect(canvas.queryByText(message)).not.toBeInTheDocument());
    await expect(nodes).not.toHaveAttribute("aria-invalid");
  },
};

export const QuotaRefusedByServer: Story = {
  name: "R12 quota refused by the server (422), at Compute Nodes",
  parameters: { msw: serviceApiHandlers({ modify: "quota" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await toResources(canvas);
    await fill(canvas.getAllByLabelText("Compute Nodes")[1] as HTMLElement, "4");
    await resourcesToConfirm(canvas);
    await serverChecked(canvas);
    await userEvent.click(canvas.getByRole("button", { name: "Apply changes" }));
    // Quota was taken between the dry run and the change: the wizard goes back to the field to fix.
    await stepHeading(canvas, /Resource pool and AI application/);
    const message = quotaRefusal(4);
    await waitFor(() => expect(canvas.getAllByText(message).length).toBeGreaterThanOrEqual(2), TIMEOUT);
    const nodes = canvas.getAllByLabelText("Compute Nodes")[1] as HTMLElement;
    await expect(nodes).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByTestId("deploy-form-alert")).toHaveTextContent(/Fix the fields marked in: Resource pool and AI application/);
  },
};

export const Conflict409: Story = {
  name: "Refused in this state (409)",
  parameters: { msw: serviceApiHandlers({ modify: "conflict" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await opened(canvas);
    await fill(canvas.getByLabelText("Description"), "Digits, during an update");
    await next(canvas, /Resource pool and AI application/);
    await resourcesToConfirm(canvas);
    await userEvent.click(canvas.getByRole("button", { name: "Apply changes" }));
    const alert = await canvas.findByTestId("deploy-form-alert", {}, TIMEOUT);
    await expect(alert).toHaveTextContent(transitionRefusal("modify", "Updating") as string);
    await stepHeading(canvas, /Confirm/);
  },
};

export const AutoStopChange: Story = {
  name: "R17 Auto Stop set on a change",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await toResources(canvas);
    await next(canvas, /Data Collection and traffic limit/);
    await userEvent.selectOptions(canvas.getByLabelText("Auto Stop"), "2");
    await next(canvas, /Confirm/);
    await serverChecked(canvas);
    const changes = canvas.getByRole("table", { name: "What changes" });
    await expect(cells(within(changes).getByRole("row", { name: /Auto Stop/ }))).toEqual(["Auto Stop", "never", "after 2 h"]);
    await expect(canvas.getByTestId("instance-effect")).toHaveTextContent(/Applies at once/);
    await expect(canvas.getByText(/stops itself 2 hours after the change/)).toBeInTheDocument();
  },
};
