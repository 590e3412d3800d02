// Service details against the mocked API (MSW): an update under way with its steps, a rollback
// that put the service back on its previous revision, the revisions with a restore, Stop and
// Cancel asking first, the usage guide and prediction test starting from the example request, a
// deploy with the time left before its timeout, a failed service, and a version that speaks the
// Open Inference Protocol v2 (its OIP curl, and test calls to its pinned infer URL). Play functions are the
// interaction tests (run in jsdom by service-details.stories.test.tsx).
import { curlCommand, openInferenceCurlCommand, webSocketScript } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { OIP_EXAMPLE_REQUEST, howToCall, versions } from "../../testing/msw/fixtures.ts";
import { MODIFY_SERVICE_ID, modifiableService, rolledBackService, updatingService } from "../../testing/msw/service-fixtures.ts";
import { serviceApiHandlers, type RecordedRequest } from "../../testing/msw/service-handlers.ts";
import { ServiceDetails } from "./service-details-page.tsx";

const meta = {
  title: "Service details/Service details",
  component: ServiceDetails,
  args: { serviceId: MODIFY_SERVICE_ID },
  parameters: { route: `/services/${MODIFY_SERVICE_ID}`, msw: serviceApiHandlers() },
} satisfies Meta<typeof ServiceDetails>;

export default meta;
type Story = StoryObj<typeof meta>;
type Canvas = ReturnType<typeof within>;

const TIMEOUT = { timeout: 3000 };

async function loaded(canvas: Canvas) {
  return canvas.findByRole("heading", { level: 1, name: "digits-service" }, TIMEOUT);
}

const cancelLog: RecordedRequest[] = [];

export const UpdatingWithSteps: Story = {
  name: "Updating, with the steps live",
  parameters: { msw: serviceApiHandlers({ service: updatingService(), log: cancelLog }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await expect(canvasElement.querySelector(".sd-state [data-state]")).toHaveTextContent("Updating");
    const progress = canvas.getByTestId("update-progress");
    await expect(within(progress).getByRole("heading", { name: "Update in progress (revision 4)" })).toBeInTheDocument();
    await expect(progress).toHaveTextContent("New instances: 1 of 2 healthy, not serving yet.");
    const steps = within(within(progress).getByRole("list", { name: "Update steps, oldest first" })).getAllByRole("listitem");
    await expect(steps).toHaveLength(3);
    await expect(steps[0]).toHaveTextContent(/Revision 4 \(modify\)/);
    await expect(steps[2]).toHaveTextContent(/1 of 2 new instances ready/);
    // A modify waits for the update to end; the update itself can be cancelled.
    await expect(canvas.getByRole("button", { name: "Modify" })).toBeDisabled();
    await expect(canvas.getByRole("button", { name: "Stop" })).toBeDisabled();
    await expectNoAxeViolations(canvasElement);

    await userEvent.click(canvas.getByRole("tab", { name: "Instances" }));
    const instances = await canvas.findByRole("table");
    await expect(within(instances).getAllByText("New, not serving yet")).toHaveLength(2);
    await expect(within(instances).getAllByText("Serving")).toHaveLength(2);

    await userEvent.click(canvas.getByRole("button", { name: "Cancel update" }));
    const dialog = await canvas.findByRole("dialog", { name: "Cancel the update of digits-service?" });
    await expect(within(dialog).getByRole("button", { name: "Keep updating" })).toHaveFocus();
    await expectNoAxeViolations(dialog);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel update" }));
    await waitFor(() => expect(cancelLog.some((r) => r.method === "POST" && r.path.endsWith("/cancel"))).toBe(true), TIMEOUT);
    await waitFor(() => expect(canvas.queryByRole("dialog")).not.toBeInTheDocument(), TIMEOUT);
    await waitFor(() => expect(canvas.queryByTestId("update-progress")).not.toBeInTheDocument(), TIMEOUT);
    await expect(canvasElement.querySelector(".sd-state [data-state]")).toHaveTextContent("Running");
  },
};

export const RollbackShown: Story = {
  name: "Rolled back by itself, back to Running",
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=revisions`, msw: serviceApiHandlers({ service: rolledBackService() }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await expect(canvasElement.querySelector(".sd-state [data-state]")).toHaveTextContent("Running");
    await expect(canvas.getByText(/^Rolled back to revision 3: the new instances of revision 4 were not healthy/)).toBeInTheDocument();
    const list = await canvas.findByRole("list", { name: "Revisions, newest first" }, TIMEOUT);
    const current = within(list).getByRole("article", { name: "Revision 5 (current)" });
    await expect(current).toHaveTextContent("Automatic rollback");
    const failed = within(list).getByRole("article", { name: "Revision 4" });
    await expect(failed.querySelector("[data-outcome]")).toHaveTextContent(
      "Rolled back: The new instances were not healthy within 20 minutes: instance inst-5 exited with code 1 (model file not found).",
    );
    await expect(failed).toHaveTextContent("Yes, instances were replaced");
    await expectNoAxeViolations(canvasElement);
  },
};

const restoreLog: RecordedRequest[] = [];

export const RevisionsWithRestore: Story = {
  name: "Revisions, restore an earlier one",
  parameters: {
    route: `/services/${MODIFY_SERVICE_ID}?tab=revisions`,
    msw: serviceApiHandlers({ service: rolledBackService(), log: restoreLog }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const list = await canvas.findByRole("list", { name: "Revisions, newest first" }, TIMEOUT);
    await expect(within(list).getAllByRole("article")).toHaveLength(5);
    // The current revision has nothing to restore.
    await expect(within(list).queryByRole("button", { name: "Restore revision 5" })).not.toBeInTheDocument();
    const third = within(list).getByRole("article", { name: "Revision 3" });
    await expect(within(third).getByRole("table", { name: "Changes in revision 3" })).toHaveTextContent(/Traffic Ratio \(%\) of digits 1\.0\.0/);

    await userEvent.click(within(list).getByRole("button", { name: "Restore revision 2" }));
    const dialog = await canvas.findByRole("dialog", { name: "Restore revision 2?" });
    // The dry run says what the restore changes before anything is sent.
    const changes = await within(dialog).findByRole("table", { name: "What changes" }, TIMEOUT);
    await expect(changes).toHaveTextContent(/Removed digits 2\.0\.0/);
    await expect(changes).toHaveTextContent(/Traffic Ratio \(%\) of digits 1\.0\.0/);
    await expect(within(dialog).getByTestId("instance-effect")).toHaveTextContent(/^No instance restarts\. Some instances stop/);
    await expect(within(dialog).getByTestId("cost-difference")).toHaveTextContent("$0.24 → $0.12 per hour (−$0.12)");
    await expect(restoreLog.filter((r) => !r.dryRun)).toHaveLength(0);
    await expectNoAxeViolations(dialog);
    await userEvent.click(within(dialog).getByRole("button", { name: "Restore revision 2" }));
    await waitFor(() => expect(canvas.queryByRole("dialog")).not.toBeInTheDocument(), TIMEOUT);
    const sent = restoreLog.find((r) => !r.dryRun);
    await expect(sent?.path).toBe(`/api/v1/services/${MODIFY_SERVICE_ID}/revisions/2/restore`);
    await expect(sent?.ifMatch).toBe('"5"');
  },
};

const stopLog: RecordedRequest[] = [];

export const StopAsksFirst: Story = {
  name: "Stop asks for confirmation",
  parameters: { msw: serviceApiHandlers({ log: stopLog }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await expect(canvas.getByRole("link", { name: "Modify" })).toHaveAttribute("href", `/services/${MODIFY_SERVICE_ID}/modify`);
    await expect(canvas.queryByRole("button", { name: /^Cancel/ })).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Stop" }));
    const dialog = await canvas.findByRole("dialog", { name: "Stop digits-service?" });
    await expect(dialog).toHaveTextContent(/keeps holding its quota while Stopped/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep running" }));
    await waitFor(() => expect(canvas.queryByRole("dialog")).not.toBeInTheDocument());
    await expect(stopLog).toHaveLength(0);
    await userEvent.click(canvas.getByRole("button", { name: "Stop" }));
    await userEvent.click(within(await canvas.findByRole("dialog")).getByRole("button", { name: "Stop service" }));
    await waitFor(() => expect(canvasElement.querySelector(".sd-state [data-state]")).toHaveTextContent("Stopping"), TIMEOUT);
    await expect(stopLog.map((r) => r.path)).toEqual([`/api/v1/services/${MODIFY_SERVICE_ID}/stop`]);
  },
};

export const AutoStopCountdown: Story = {
  name: "R17 auto stop countdown",
  parameters: {
    route: `/services/${MODIFY_SERVICE_ID}`,
    msw: serviceApiHandlers({
      service: modifiableService({
        autoStop: { hours: 4 },
        autoStopAt: new Date(Date.now() + (3 * 60 + 12) * 60_000 - 5_000).toISOString(),
      }),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await expect(canvas.getAllByText("Stops in 3 h 12 min").length).toBe(2);
    await expect(canvas.getByText(/^After 4 hours/)).toHaveTextContent("After 4 hours (Stops in 3 h 12 min)");
    await expectNoAxeViolations(canvasElement);
  },
};

const usageCode = (canvas: Canvas, start: string) =>
  canvas.findByText((_: string, element: Element | null) => element?.tagName === "CODE" && element.textContent?.startsWith(start) === true, undefined, TIMEOUT);

export const UsageGuideFromTheExample: Story = {
  name: "Usage guide: curl from the version's example, and its input schema",
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=usage` },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const [busiest] = modifiableService().configurations;
    const curl = await usageCode(canvas, "curl ");
    await expect(curl.textContent).toBe(curlCommand(`${window.location.origin}/v1/infers/${MODIFY_SERVICE_ID}`, busiest!.exampleRequest));
    await expect(canvas.getByLabelText("Example of version")).toHaveDisplayValue("1.0.0 (70% of calls)");
    const schema = await usageCode(canvas, "{");
    await expect(JSON.parse(schema.textContent ?? "")).toEqual(busiest!.inputSchema);
    await expectNoAxeViolations(canvasElement);
  },
};

const streamOnlyService = modifiableService({
  websocket: true,
  applicationName: versions.streamOnly.applicationName,
  versions: [{ versionId: versions.streamOnly.id, version: versions.streamOnly.version, trafficRatio: 100 }],
  routing: [{ versionId: versions.streamOnly.id, trafficRatio: 100 }],
  configurations: [
    {
      ...modifiableService().configurations[0]!,
      id: "cfg-stream",
      versionId: versions.streamOnly.id,
      version: versions.streamOnly.version,
      applicationName: versions.streamOnly.applicationName,
      trafficRatio: 100,
      envVars: [],
      ...howToCall(versions.streamOnly.id),
    },
  ],
  instances: [],
});

export const UsageGuideForWebSocket: Story = {
  name: "Usage guide: a WebSocket-only service gets the Node.js script with its example message",
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=usage`, msw: serviceApiHandlers({ service: streamOnlyService }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const script = await usageCode(canvas, "const socket");
    await expect(script.textContent).toBe(
      webSocketScript(`ws://${window.location.host}/v1/infers/${MODIFY_SERVICE_ID}`, howToCall(versions.streamOnly.id).exampleRequest),
    );
    await expect(canvas.queryByLabelText("Example of version")).not.toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const PredictionStartsFromTheExample: Story = {
  name: "Prediction test starts from the example of the version picked",
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=prediction` },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const body = await canvas.findByLabelText("Request body (JSON)", undefined, TIMEOUT);
    await expect(JSON.parse((body as HTMLTextAreaElement).value)).toEqual(howToCall(versions.digitsV1.id).exampleRequest);
    await expect(body).toHaveAccessibleDescription(expect.stringContaining("Starts from the example request of version 1.0.0."));
    await userEvent.selectOptions(canvas.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    await expect(body).toHaveAccessibleDescription(expect.stringContaining("version 2.0.0"));
    await expectNoAxeViolations(canvasElement);
  },
};

// Version 2.0.0 of the digits application as a built-in ONNX version: OIP v2 with typed tensors.
const oipVersionService = modifiableService({
  configurations: modifiableService().configurations.map((c) =>
    c.version === "2.0.0" ? { ...c, protocol: "oip-v2" as const, exampleRequest: OIP_EXAMPLE_REQUEST, inputSchema: null } : c,
  ),
});
const oipInferPath = `/v1/infers/${MODIFY_SERVICE_ID}/v2/models/${versions.digitsV2.applicationName}/versions/2.0.0/infer`;
const oipCalls: unknown[] = [];

export const UsageGuideForOpenInference: Story = {
  name: "Usage guide: a version on the Open Inference Protocol v2 gets the OIP infer URL and curl",
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=usage`, msw: serviceApiHandlers({ service: oipVersionService }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const base = `${window.location.origin}/v1/infers/${MODIFY_SERVICE_ID}`;
    await expect(await canvas.findByText(/Version 2\.0\.0 speaks the Open Inference Protocol v2/, undefined, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByText(`${base}/v2/models/${versions.digitsV2.applicationName}/infer`)).toBeInTheDocument();
    await userEvent.selectOptions(canvas.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    const curl = await usageCode(canvas, "curl ");
    await expect(curl.textContent).toBe(openInferenceCurlCommand(base, versions.digitsV2.applicationName, OIP_EXAMPLE_REQUEST));
    await expectNoAxeViolations(canvasElement);
  },
};

export const PredictionOverOpenInference: Story = {
  name: "Prediction test: an OIP version's tensors go to its pinned OIP infer URL",
  parameters: {
    route: `/services/${MODIFY_SERVICE_ID}?tab=prediction`,
    msw: [
      http.post(`*${oipInferPath}`, async ({ request }) => {
        oipCalls.push(await request.json());
        return HttpResponse.json(
          { model_name: versions.digitsV2.applicationName, model_version: "2.0.0", outputs: [{ name: "digit", datatype: "INT64", shape: [1], data: [7] }] },
          { headers: { "x-model-version": "2.0.0" } },
        );
      }),
      ...serviceApiHandlers({ service: oipVersionService }),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await canvas.findByLabelText("Request body (JSON)", undefined, TIMEOUT);
    await userEvent.selectOptions(canvas.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    const body = canvas.getByLabelText("Inference request (Open Inference Protocol v2, JSON)");
    await expect(JSON.parse((body as HTMLTextAreaElement).value)).toEqual(OIP_EXAMPLE_REQUEST);
    await expect(body).toHaveAccessibleDescription(expect.stringContaining("to version 2.0.0 only"));
    oipCalls.length = 0;
    await userEvent.click(canvas.getByRole("button", { name: "Send" }));
    await expect(await canvas.findByText("200", undefined, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByTestId("model-version")).toHaveTextContent("2.0.0");
    await expect(oipCalls).toEqual([OIP_EXAMPLE_REQUEST]);
    await expectNoAxeViolations(canvasElement);
  },
};

export const DeployingWithTimeLeft: Story = {
  name: "R9 deploying: instances healthy so far and the time left",
  parameters: {
    msw: serviceApiHandlers({
      service: modifiableService({
        state: "Deploying",
        stateReason: "Starting: 1 of 2 instances healthy. Instance 1 of digits 2.0.0 in Public resource pool: GET /health answered 503.",
        deadline: new Date(Date.now() + 17.5 * 60_000).toISOString(),
      }),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    await expect(canvas.getByText(/^Starting: 1 of 2 instances healthy\./)).toBeInTheDocument();
    await expect(canvas.getByTestId("deadline")).toHaveTextContent("18 min left before the deploy fails (timeout 20 min).");
    await expectNoAxeViolations(canvasElement);
  },
};

export const FailedDrivenNowhere: Story = {
  name: "Failed: no desired state until started",
  parameters: {
    msw: serviceApiHandlers({
      service: modifiableService({ state: "Failed", stateReason: "Deployment failed: Instance 1 of digits 2.0.0 exited 3 times without becoming healthy." }),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await loaded(canvas);
    const facts = canvas.getByText("Desired state").nextElementSibling;
    await expect(facts).toHaveTextContent("None: it stays Failed until you start it again");
    await expect(canvas.queryByTestId("deadline")).not.toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};
