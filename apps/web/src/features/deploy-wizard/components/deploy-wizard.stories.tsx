// The Deploy wizard without a backend: the DeployContext comes in as an arg, so every step and
// every rule's error renders from data alone. Play functions are the wizard's interaction tests
// (run in the browser by Storybook and in jsdom by deploy-wizard.stories.test.tsx).
import {
  COMPUTE_NODES_MESSAGES,
  ENV_VAR_MESSAGES,
  MULTI_POOL_MESSAGES,
  NAME_MESSAGES,
  SERVICE_LIMIT_MESSAGE,
  SPECIFICATION_MESSAGES,
  SYSTEM_OVERHEAD_NOTE,
  TIMEOUT_MESSAGE,
  DATA_COLLECTION_MESSAGES,
  VERSION_MESSAGES,
  QUOTA_MESSAGES,
  ENV_VAR_GENERAL_WARNING,
  internalProblem,
  quotaImpact,
  sensitiveEnvVarWarning,
  validationProblem,
  websocketAvailability,
  WEBSOCKET_MESSAGES,
  type DeployServiceRequest,
} from "@rts/contracts";
import { validDeployRequest } from "@rts/contracts/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { fill } from "../deploy-story-interactions.ts";
import { ApiProblem } from "../../../lib/api-client.ts";
import { SERVER_REJECTION } from "../../../testing/msw/handlers.ts";
import { fixtureDeployContext, flavors, pools, tightQuota, versions } from "../../../testing/msw/fixtures.ts";
import type { DeployFormValues } from "../deploy-form.ts";
import { DeployWizard } from "./deploy-wizard.tsx";

const context = fixtureDeployContext();

const meta = {
  title: "Deploy wizard/Deploy wizard",
  component: DeployWizard,
  args: {
    context,
    onSubmit: fn(async (_request: DeployServiceRequest) => undefined),
    onCancel: fn(),
  },
} satisfies Meta<typeof DeployWizard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A complete, valid deploy on the public pool (digits 1.0.0, CPU 2 vCPUs, 1 node). */
const filled: Partial<DeployFormValues> = {
  name: "digits-service",
  description: "Handwritten digit recognition",
  configurations: [
    { versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
  ],
};

const grayLaunch: Partial<DeployFormValues> = {
  ...filled,
  configurations: [
    { versionId: versions.digitsV1.id, trafficRatio: 70, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
    { versionId: versions.digitsV2.id, trafficRatio: 30, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
  ],
};

const stepHeading = (canvas: ReturnType<typeof within>, name: RegExp | string) =>
  canvas.findByRole("heading", { level: 2, name });

// ---------------------------------------------------------------- Step 1: Basic information

export const Empty: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await stepHeading(canvas, /Basic information/);
    const name = canvas.getByLabelText("Name");
    // A suggested default name that already passes R2.
    await expect((name as HTMLInputElement).value).toMatch(/^service-[a-z0-9]{4}$/);
    await expect(canvas.getByLabelText("Description")).toHaveValue("");
    await expect(canvas.queryByRole("button", { name: "Back" })).not.toBeInTheDocument();
    await expect(canvas.getByText(/Quota and cost/)).toBeInTheDocument();
  },
};

export const BasicInfoFilled: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const name = canvas.getByLabelText("Name");
    await fill(name, "digits-service");
    await fill(canvas.getByLabelText("Description"), "Handwritten digit recognition");
    await expect(canvas.getByText(/29\/100 characters/)).toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Resource pool and AI application/);
    // Every seed parameter of the step has a visible label.
    for (const label of [
      "Multi-Pool Load Balancing",
      "AI Application Source",
      "AI Application and Version",
      "Traffic Ratio (%)",
      "Compute Nodes",
      "Timeout",
      "WebSocket",
    ]) {
      await expect(canvas.getByLabelText(label)).toBeInTheDocument();
    }
    for (const group of ["Resource Pool", "Specifications", "Environment Variable"]) {
      await expect(canvas.getByRole("group", { name: group })).toBeInTheDocument();
    }
    await expect(canvas.getByRole("button", { name: "Add AI Application Version and Configuration" })).toBeInTheDocument();
    await expect(canvas.getByLabelText("AI Application Source")).toHaveDisplayValue("My AI Applications");
    await userEvent.click(canvas.getByRole("button", { name: "Back" }));
    await stepHeading(canvas, /Basic information/);
    await expect(canvas.getByLabelText("Name")).toHaveValue("digits-service");
  },
};

export const R2BadName: Story = {
  name: "R2 bad name",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const name = canvas.getByLabelText("Name");
    await fill(name, "1st service");
    const error = await canvas.findByText(NAME_MESSAGES.format);
    // The error is linked to the input for screen readers.
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name.getAttribute("aria-describedby")).toContain(error.id);
    // Next does not leave a step with errors.
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Basic information/);
    await fill(name, "");
    await expect(await canvas.findByText(NAME_MESSAGES.required)).toBeInTheDocument();
    await fill(name, "existing-service");
    await expect(await canvas.findByText(NAME_MESSAGES.taken("existing-service"))).toBeInTheDocument();
    await fill(name, "fine-name");
    await waitFor(() => expect(name).not.toHaveAttribute("aria-invalid"));
  },
};

// ---------------------------------------------------------------- Step 2: Resource pool and AI application

export const ResourcesEmpty: Story = {
  args: { initialStep: 1 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await stepHeading(canvas, /Resource pool and AI application/);
    await expect(canvas.getByLabelText("Public resource pools")).toBeChecked();
    await expect(canvas.getByLabelText("Multi-Pool Load Balancing")).toBeDisabled();
    await expect(canvas.getByText(/Traffic ratio total: 100% \(must be 100%\)/)).toBeInTheDocument();
    await expect(canvas.getByLabelText("Timeout")).toHaveValue(20);
    // Nothing chosen yet: Next shows the missing choices instead of moving on.
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await expect(await canvas.findByText(VERSION_MESSAGES.versionRequired)).toBeInTheDocument();
    await expect(canvas.getByText(SPECIFICATION_MESSAGES.required)).toBeInTheDocument();
  },
};

export const ResourcesFilled: Story = {
  args: { initialStep: 0 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Resource pool and AI application/);
    await userEvent.selectOptions(canvas.getByLabelText("AI Application and Version"), "app-digits");
    const version = canvas.getByLabelText("Version");
    // Only Normal versions are selectable; others show their state.
    await expect(within(version).getByRole("option", { name: "3.0.0 (Building)" })).toBeDisabled();
    await expect(within(version).getByRole("option", { name: "0.9.0 (Failed)" })).toBeDisabled();
    await userEvent.selectOptions(version, versions.digitsV1.id);
    await userEvent.click(canvas.getByLabelText(flavors.cpu2.name));
    await expect(canvas.getByText(/Standalone computing mode/)).toBeInTheDocument();
    const nodes = canvas.getByLabelText("Compute Nodes");
    await fill(nodes, "2");
    await expect(canvas.getByText(/Distributed computing mode: 2 instances/)).toBeInTheDocument();
    await expect(canvas.getByTestId("hourly-cost")).toHaveTextContent("$0.24 per hour");
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Data Collection and traffic limit/);
  },
};

export const GraySpecifications: Story = {
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const gray = canvas.getByLabelText(flavors.gpuGray.name);
    await expect(gray).toBeDisabled();
    await expect(canvas.getAllByText("not available in this environment")).toHaveLength(1);
    await expect(canvas.getByLabelText(flavors.gpu1.name)).toBeEnabled();
    await expect(canvas.getByText(SYSTEM_OVERHEAD_NOTE)).toBeInTheDocument();
    // Dedicated-only flavors are not offered in the public pool.
    await expect(canvas.queryByLabelText(flavors.cpu16.name)).not.toBeInTheDocument();
  },
};

export const R6GraySpecificationChosen: Story = {
  name: "R6 gray specification chosen",
  args: {
    initialStep: 1,
    revealErrors: true,
    initialValues: { ...filled, configurations: [{ ...filled.configurations![0]!, flavorId: flavors.gpuGray.id }] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(SPECIFICATION_MESSAGES.unavailable(flavors.gpuGray))).toBeInTheDocument();
  },
};

export const MultiPool: Story = {
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByLabelText("Dedicated resource pools"));
    // Pools not Running are listed but disabled, with their state.
    await expect(canvas.getByLabelText(pools.creating.name)).toBeDisabled();
    await expect(canvas.getByText(/Creating: services can be deployed only to Running pools/)).toBeInTheDocument();
    await expect(canvas.getByText(/new-version pool · CPU: 8 vCPUs \| 32 GiB · 4 of 4 nodes free/)).toBeInTheDocument();
    await userEvent.click(canvas.getByLabelText("Multi-Pool Load Balancing"));
    await userEvent.click(canvas.getByLabelText(pools.newA.name));
    await userEvent.click(canvas.getByLabelText(pools.newB.name));
    // The pool's specification is picked for the version, and nodes start at 2 (R4).
    await expect(canvas.getByLabelText(flavors.cpu8.name)).toBeChecked();
    await expect(canvas.getByLabelText("Compute Nodes")).toHaveValue(2);
    await expect(canvas.getByText(/Choose exactly 2 pools \(2 chosen\)/)).toBeInTheDocument();
    await expect(canvas.getByText(/this service takes no quota/)).toBeInTheDocument();
    const nodes = canvas.getByLabelText("Compute Nodes");
    await fill(nodes, "3");
    await expect(await canvas.findByText(MULTI_POOL_MESSAGES.evenNodes)).toBeInTheDocument();
    await fill(nodes, "4");
    await waitFor(() => expect(canvas.queryByText(MULTI_POOL_MESSAGES.evenNodes)).not.toBeInTheDocument());
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Data Collection and traffic limit/);
  },
};

export const R4MixedGenerations: Story = {
  name: "R4 mixed generations",
  args: {
    initialStep: 1,
    revealErrors: true,
    initialValues: {
      ...filled,
      resourcePool: { type: "dedicated", poolIds: [pools.newA.id, pools.old.id] },
      multiPoolLoadBalancing: true,
      configurations: [{ ...filled.configurations![0]!, flavorId: flavors.cpu8.id, computeNodes: 2 }],
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(MULTI_POOL_MESSAGES.sameGeneration(pools.newA, pools.old))).toBeInTheDocument();
    await userEvent.click(canvas.getByLabelText(pools.old.name));
    await expect(await canvas.findByText(MULTI_POOL_MESSAGES.twoPools(1))).toBeInTheDocument();
    await userEvent.click(canvas.getByLabelText(pools.newB.name));
    await waitFor(() => expect(canvas.queryByText(MULTI_POOL_MESSAGES.twoPools(1))).not.toBeInTheDocument());
  },
};

export const GrayLaunchTwoVersions: Story = {
  name: "Gray launch, two versions 70/30",
  args: { initialStep: 1, initialValues: grayLaunch },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText("Traffic ratio total: 100% (must be 100%)")).toBeInTheDocument();
    const ratios = canvas.getAllByLabelText("Traffic Ratio (%)");
    await expect(ratios.map((r) => (r as HTMLInputElement).value)).toEqual(["70", "30"]);
    // Each version can be added once.
    const second = canvas.getAllByLabelText("Version")[1] as HTMLSelectElement;
    await expect(within(second).getByRole("option", { name: "1.0.0 (already added)" })).toBeDisabled();
    await expect(canvas.getByTestId("hourly-cost")).toHaveTextContent("$0.24 per hour");
  },
};

export const R5RatiosNot100: Story = {
  name: "R5 traffic ratios not 100%",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add AI Application Version and Configuration" }));
    await expect(canvas.getAllByLabelText("Version")).toHaveLength(2);
    await userEvent.selectOptions(canvas.getAllByLabelText("Version")[1] as HTMLElement, versions.digitsV2.id);
    const second = canvas.getAllByLabelText("Traffic Ratio (%)")[1] as HTMLElement;
    await fill(second, "20");
    await expect(canvas.getByText("Traffic ratio total: 120% (must be 100%)")).toBeInTheDocument();
    await expect(await canvas.findByText(VERSION_MESSAGES.ratioSum(120))).toBeInTheDocument();
    const first = canvas.getAllByLabelText("Traffic Ratio (%)")[0] as HTMLElement;
    await fill(first, "80");
    await expect(canvas.getByText("Traffic ratio total: 100% (must be 100%)")).toBeInTheDocument();
    await waitFor(() => expect(canvas.queryByText(/Traffic ratios must add up/)).not.toBeInTheDocument());
  },
};

export const R5FreeFlavorGrayLaunch: Story = {
  name: "R5 free flavor refuses gray launch",
  args: {
    initialStep: 1,
    initialValues: { ...filled, configurations: [{ ...filled.configurations![0]!, flavorId: flavors.cpuFree.id }] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const add = canvas.getByRole("button", { name: "Add AI Application Version and Configuration" });
    await expect(add).toBeDisabled();
    const reason = VERSION_MESSAGES.freeFlavorSingleVersion(flavors.cpuFree.name);
    await expect(canvas.getByText(reason)).toBeInTheDocument();
    await expect(add.getAttribute("aria-describedby")).toBeTruthy();
    await expect(canvas.getByTestId("hourly-cost")).toHaveTextContent("$0.00 per hour");
    await userEvent.click(canvas.getByLabelText(flavors.cpu2.name));
    await expect(add).toBeEnabled();
  },
};

export const R5FreeFlavorWithTwoVersions: Story = {
  name: "R5 free flavor with two versions",
  args: {
    initialStep: 1,
    revealErrors: true,
    initialValues: {
      ...grayLaunch,
      configurations: grayLaunch.configurations!.map((c) => ({ ...c, flavorId: flavors.cpuFree.id })),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const message = VERSION_MESSAGES.freeFlavorSingleVersion(flavors.cpuFree.name);
    // Shown as the configurations' error and as the reason the Add button is disabled.
    await expect(await canvas.findAllByText(message)).toHaveLength(2);
    await expect(canvas.getByRole("button", { name: "Add AI Application Version and Configuration" })).toBeDisabled();
  },
};

export const R7ComputeNodes: Story = {
  name: "R7 compute nodes",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const nodes = canvas.getByLabelText("Compute Nodes");
    await fill(nodes, "0");
    await expect(await canvas.findByText(COMPUTE_NODES_MESSAGES.range)).toBeInTheDocument();
    // A dedicated pool bounds the nodes by its free nodes.
    await userEvent.click(canvas.getByLabelText("Dedicated resource pools"));
    await userEvent.click(canvas.getByLabelText(pools.newB.name));
    await fill(nodes, "3");
    await expect(await canvas.findByText(COMPUTE_NODES_MESSAGES.poolCapacity(pools.newB, 3))).toBeInTheDocument();
  },
};

export const R7PublicPoolFull: Story = {
  name: "R7 public pool without room on the machine",
  args: {
    initialStep: 1,
    revealErrors: true,
    initialValues: filled,
    context: {
      ...context,
      pools: context.pools.map((p) =>
        p.type === "public" ? { ...p, capacity: { vcpus: 4, memoryGiB: 16, freeVcpus: 1, freeMemoryGiB: 4 } } : p,
      ),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const message = COMPUTE_NODES_MESSAGES.publicCapacity(
      { vcpus: 4, memoryGiB: 16, freeVcpus: 1, freeMemoryGiB: 4 },
      { vcpus: flavors.cpu2.vcpus, memoryGiB: flavors.cpu2.memoryGiB },
    );
    await expect(await canvas.findByText(message)).toBeInTheDocument();
  },
};

export const R8EnvironmentVariables: Story = {
  name: "R8 bad env key and secret warning",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(new RegExp(ENV_VAR_GENERAL_WARNING.slice(0, 40)))).toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Add environment variable" }));
    const key = canvas.getByLabelText("Key");
    await fill(key, "1BAD-KEY");
    await expect(await canvas.findByText(ENV_VAR_MESSAGES.keyFormat)).toBeInTheDocument();
    await fill(key, "DB_PASSWORD");
    await fill(canvas.getByLabelText("Value"), "hunter2");
    await waitFor(() => expect(canvas.queryByText(ENV_VAR_MESSAGES.keyFormat)).not.toBeInTheDocument());
    const warning = await canvas.findByRole("alert");
    await expect(warning).toHaveTextContent(sensitiveEnvVarWarning("DB_PASSWORD"));
    await userEvent.click(canvas.getByRole("button", { name: "Add environment variable" }));
    await fill(canvas.getAllByLabelText("Key")[1] as HTMLElement, "DB_PASSWORD");
    await expect(await canvas.findByText(ENV_VAR_MESSAGES.keyDuplicate("DB_PASSWORD"))).toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Remove environment variable 2" }));
    await expect(canvas.getAllByLabelText("Key")).toHaveLength(1);
  },
};

export const R8ReservedEnvironmentVariable: Story = {
  name: "R8 env var that configures the runtime",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add environment variable" }));
    const key = canvas.getByLabelText("Key");
    for (const name of ["NODE_OPTIONS", "ld_preload", "PATH", "RTS_INSTANCE_ID"]) {
      await fill(key, name);
      // The API's sentence, from the shared rule.
      await expect(await canvas.findByText(ENV_VAR_MESSAGES.keyReserved(name))).toBeInTheDocument();
    }
    await fill(key, "MODEL_DIR");
    await waitFor(() => expect(canvas.queryByText(/never the sandbox/)).not.toBeInTheDocument());
  },
};

export const R9Timeout: Story = {
  name: "R9 timeout",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const timeout = canvas.getByLabelText("Timeout");
    await expect(timeout).toHaveValue(20);
    await fill(timeout, "2");
    await expect(await canvas.findByText(TIMEOUT_MESSAGE)).toBeInTheDocument();
    await fill(timeout, "121");
    await expect(canvas.getByText(TIMEOUT_MESSAGE)).toBeInTheDocument();
    await fill(timeout, "120");
    await waitFor(() => expect(canvas.queryByText(TIMEOUT_MESSAGE)).not.toBeInTheDocument());
  },
};

export const R10WebsocketNotAllowed: Story = {
  name: "R10 WebSocket not allowed",
  args: { initialStep: 1, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const ws = canvas.getByLabelText("WebSocket");
    await expect(ws).toBeDisabled();
    const reason = websocketAvailability([versions.digitsV1]).reason as string;
    await expect(canvas.getByText(reason)).toBeInTheDocument();
  },
};

export const R10WebsocketOn: Story = {
  name: "R10 WebSocket on",
  args: {
    initialStep: 1,
    initialValues: {
      ...filled,
      name: "echo-stream",
      configurations: [{ versionId: versions.echoWs.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] }],
      dataCollection: { enabled: true, samplingPercent: 10, retentionDays: 7 },
      trafficLimit: { requestsPerSecond: 50 },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const ws = canvas.getByLabelText("WebSocket");
    await expect(ws).toBeEnabled();
    await userEvent.click(ws);
    await expect(ws).toBeChecked();
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Data Collection and traffic limit/);
    await expect(canvas.getByText(/WebSocket is on, so Traffic limit and Data Collection cannot be set/)).toBeInTheDocument();
    await expect(canvas.getByLabelText("Data Collection")).toBeDisabled();
    await expect(canvas.getByLabelText("Data Collection")).not.toBeChecked();
    await expect(canvas.getByLabelText("Traffic limit (requests per second)")).toBeDisabled();
  },
};

export const R10WebsocketOnlyVersionTurnsWebsocketOn: Story = {
  name: "R10 a WebSocket-only version turns WebSocket on and locks it",
  args: { initialStep: 1 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const ws = canvas.getByLabelText("WebSocket");
    await userEvent.selectOptions(canvas.getByLabelText("AI Application and Version"), versions.streamOnly.applicationId);
    await userEvent.selectOptions(canvas.getByLabelText("Version"), versions.streamOnly.id);
    await waitFor(() => expect(ws).toBeChecked());
    await expect(ws).toBeDisabled();
    await expect(ws).toHaveAccessibleDescription(WEBSOCKET_MESSAGES.requiredOn(versions.streamOnly));
    // Another application gives the choice back, off.
    await userEvent.selectOptions(canvas.getByLabelText("AI Application and Version"), versions.echoWs.applicationId);
    await waitFor(() => expect(ws).not.toBeChecked());
  },
};

export const R10WebsocketOnlyVersionClearsRequestScopedSettings: Story = {
  name: "R10 a WebSocket-only version clears the traffic limit and data collection",
  args: {
    initialStep: 1,
    initialValues: {
      ...filled,
      name: "sentiment-only",
      configurations: [{ versionId: versions.streamOnly.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] }],
      dataCollection: { enabled: true, samplingPercent: 10, retentionDays: 7 },
      trafficLimit: { requestsPerSecond: 50 },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByLabelText("WebSocket")).toBeChecked());
    await expect(canvas.queryByText(WEBSOCKET_MESSAGES.versionNeedsWebsocket(versions.streamOnly))).not.toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Data Collection and traffic limit/);
    await expect(canvas.getByLabelText("Data Collection")).not.toBeChecked();
    await expect(canvas.getByLabelText("Traffic limit (requests per second)")).toHaveValue(null);
  },
};

// ---------------------------------------------------------------- Step 3: Data Collection and traffic limit

export const DataCollectionOff: Story = {
  args: { initialStep: 2, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText("Data Collection")).not.toBeChecked();
    await expect(canvas.queryByLabelText("Sampling rate (%)")).not.toBeInTheDocument();
    await expect(canvas.getByLabelText("Traffic limit (requests per second)")).toHaveValue(null);
  },
};

export const R11DataCollectionWithoutRules: Story = {
  name: "R11 data collection without rules",
  args: { initialStep: 2, initialValues: filled },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByLabelText("Data Collection"));
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await expect(await canvas.findByText(DATA_COLLECTION_MESSAGES.samplingPercent)).toBeInTheDocument();
    await expect(canvas.getByText(DATA_COLLECTION_MESSAGES.retentionDays)).toBeInTheDocument();
    await fill(canvas.getByLabelText("Sampling rate (%)"), "10");
    await fill(canvas.getByLabelText("Retention (days)"), "7");
    await fill(canvas.getByLabelText("Traffic limit (requests per second)"), "50");
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Confirm/);
    await expect(canvas.getByText("On: sampling rate 10%, retention 7 days")).toBeInTheDocument();
    await expect(canvas.getByText("50 requests per second")).toBeInTheDocument();
  },
};

export const DataCollectionFilled: Story = {
  args: {
    initialStep: 2,
    initialValues: { ...filled, dataCollection: { enabled: true, samplingPercent: 25, retentionDays: 14 }, trafficLimit: { requestsPerSecond: 100 } },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText("Sampling rate (%)")).toHaveValue(25);
    await expect(canvas.getByLabelText("Retention (days)")).toHaveValue(14);
    await expect(canvas.getByLabelText("Traffic limit (requests per second)")).toHaveValue(100);
  },
};

// ---------------------------------------------------------------- Quota, confirmation, submit

const overQuotaContext = fixtureDeployContext({ quota: tightQuota });
const overQuotaValues: Partial<DeployFormValues> = {
  ...filled,
  configurations: [{ ...filled.configurations![0]!, flavorId: flavors.cpu8.id, computeNodes: 2 }],
};

export const R12OverQuota: Story = {
  name: "R12 over quota",
  args: { context: overQuotaContext, initialStep: 1, initialValues: overQuotaValues, revealErrors: true },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const request = validDeployRequest({ configurations: [{ ...(overQuotaValues.configurations![0] as DeployServiceRequest["configurations"][number]) }] });
    const message = QUOTA_MESSAGES.serviceExceeds(quotaImpact(request, overQuotaContext));
    await expect(await canvas.findByText(message)).toBeInTheDocument();
    await expect(canvas.getByText("Not enough quota for this service.")).toBeInTheDocument();
    await expect(canvas.getAllByText(/\(not enough\)/).length).toBeGreaterThan(0);
    // A smaller specification on one node fits: the refusal goes away as you change the form.
    await userEvent.click(canvas.getByLabelText(flavors.cpu2.name));
    const nodes = canvas.getByLabelText("Compute Nodes");
    await fill(nodes, "1");
    await waitFor(() => expect(canvas.queryByText(/^Not enough quota/)).not.toBeInTheDocument());
    await expect(canvas.queryByText(/\(not enough\)/)).not.toBeInTheDocument();
  },
};

export const Confirmation: Story = {
  args: { initialStep: 3, initialValues: grayLaunch },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await stepHeading(canvas, /Confirm/);
    const summary = canvasElement.querySelector("dl") as HTMLElement;
    await expect(within(summary).getByText("digits-service")).toBeInTheDocument();
    await expect(within(summary).getByText("Public resource pools")).toBeInTheDocument();
    await expect(within(summary).getByText("Traffic Ratio (%): 70")).toBeInTheDocument();
    await expect(within(summary).getByText("Traffic Ratio (%): 30")).toBeInTheDocument();
    await expect(within(summary).getByText("20 minutes")).toBeInTheDocument();
    await expect(canvas.getByRole("heading", { name: "Quota impact and cost" })).toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    await waitFor(() => expect(args.onSubmit).toHaveBeenCalledTimes(1));
    const request = (args.onSubmit as ReturnType<typeof fn>).mock.calls[0]?.[0] as DeployServiceRequest;
    await expect(request.configurations.map((c) => c.trafficRatio)).toEqual([70, 30]);
    await expect(request.timeoutMinutes).toBe(20);
  },
};

export const AtServiceLimit: Story = {
  name: "R1 at the service limit",
  args: { context: fixtureDeployContext({ serviceCount: 20 }), initialStep: 3, initialValues: filled },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(SERVICE_LIMIT_MESSAGE)).toBeInTheDocument();
    const submit = canvas.getByRole("button", { name: "Submit" });
    await expect(submit).toBeDisabled();
    await expect(canvas.getByText(/Submit is disabled/)).toBeInTheDocument();
    await expect(args.onSubmit).not.toHaveBeenCalled();
  },
};

export const ServerRejects: Story = {
  name: "Server error 422 on fields",
  args: {
    initialStep: 3,
    initialValues: filled,
    onSubmit: fn(async (_request: DeployServiceRequest) => {
      throw new ApiProblem(
        validationProblem([...SERVER_REJECTION, { rule: "R15", path: "", message: "The request was refused as a whole." }]),
      );
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    // The wizard goes back to the first step with a server error, shows it on the field...
    await stepHeading(canvas, /Basic information/);
    const name = canvas.getByLabelText("Name");
    await expect(await canvas.findByText(SERVER_REJECTION[0]!.message)).toBeInTheDocument();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    // ...and request-wide errors in the alert at the top.
    const alert = canvas.getByTestId("deploy-form-alert");
    await expect(alert).toHaveTextContent("The request was refused as a whole.");
    await expect(alert).toHaveTextContent(/Basic information, Resource pool and AI application/);
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await stepHeading(canvas, /Basic information/);
    await fill(name, "another-name");
    await waitFor(() => expect(canvas.queryByText(SERVER_REJECTION[0]!.message)).not.toBeInTheDocument());
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await expect(await canvas.findByText(SERVER_REJECTION[1]!.message)).toBeInTheDocument();
  },
};

export const ServerFails: Story = {
  name: "Server error 500",
  args: {
    initialStep: 3,
    initialValues: filled,
    onSubmit: fn(async (_request: DeployServiceRequest) => {
      throw new ApiProblem(internalProblem("/api/v1/services"));
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    const alert = await canvas.findByTestId("deploy-form-alert");
    await expect(alert).toHaveTextContent("Internal error.");
    await expect(alert).toHaveTextContent(/Something went wrong on our side/);
    await stepHeading(canvas, /Confirm/);
    await expect(canvas.getByRole("button", { name: "Submit" })).toBeEnabled();
  },
};

export const KeyboardOnly: Story = {
  name: "Keyboard navigation",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const name = canvas.getByLabelText("Name");
    name.focus();
    await userEvent.keyboard("{Control>}a{/Control}{Backspace}");
    await userEvent.keyboard("kb-service");
    // Enter in a field moves to the next step instead of submitting.
    await userEvent.keyboard("{Enter}");
    await stepHeading(canvas, /Resource pool and AI application/);
    await waitFor(() => expect(canvas.getByRole("heading", { level: 2, name: /Resource pool and AI application/ })).toHaveFocus());
  },
};
