// The Traffic panel against the mocked API (MSW): live split and configured ratios, the quick
// ratio edit (R5 as you type, 412, 409, applied at once) and progressive rollouts in each state.
// Play functions are the panel's interaction tests (in the browser, and in jsdom through
// traffic-panel.stories.test.tsx).
import { ROLLOUT_MESSAGES, ROLLOUT_TARGET_MESSAGES, VERSION_MESSAGES } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { trafficApi, type TrafficApiOptions } from "../../../testing/msw/rollout-handlers.ts";
import {
  ROLLED_BACK_REASON,
  TRAFFIC_SERVICE_ID,
  completedRollout,
  pausedRollout,
  rolledBackRollout,
  runningRollout,
  trafficService,
} from "../../../testing/msw/traffic-fixtures.ts";
import { useService } from "../../../api/services/services-queries.ts";
import "../service-details.css";
import { expectFitsWidth, expectNoAxeViolations, fill } from "./traffic-panel-story-checks.ts";
import { RATIO_ONLY_NOTE, ROLLOUT_BLOCKS_EDIT } from "./traffic-panel-ratio-form.tsx";
import { TrafficPanel } from "./traffic-panel.tsx";

/** The panel as the details page shows it: fed by the service query, inside the tab panel's frame. */
function TrafficTab({ serviceId }: { serviceId: string }) {
  const service = useService(serviceId);
  if (!service.data) return <p role="status">Loading service…</p>;
  return (
    <main className="sd-panel">
      <TrafficPanel service={service.data} />
    </main>
  );
}

const meta = {
  title: "Service details/Traffic panel",
  component: TrafficTab,
  args: { serviceId: TRAFFIC_SERVICE_ID },
  parameters: { route: `/services/${TRAFFIC_SERVICE_ID}?tab=traffic` },
} satisfies Meta<typeof TrafficTab>;

export default meta;
type Story = StoryObj<typeof meta>;
type Canvas = ReturnType<typeof within>;

/** How long a change may take to show: an answer, then the refetches it starts. */
const SETTLED = { timeout: 3000 };

/** A story's own mocked API, fresh at every run (clicks change it). */
function mockedApi(options: TrafficApiOptions = {}): Pick<Story, "parameters" | "beforeEach"> {
  const api = trafficApi(options);
  return { parameters: { msw: api.handlers }, beforeEach: api.reset };
}

const V1 = "digits 1.0.0";
const V2 = "digits 2.0.0";
const ratioInput = (canvas: Canvas, version: string) => canvas.getByLabelText(`Traffic Ratio (%) ${version}`);
const targetInput = (canvas: Canvas, version: string) => canvas.getByLabelText(`Target Traffic Ratio (%) ${version}`);
const splitRow = (canvas: Canvas, version: string) => within(canvas.getByRole("table", { name: /live split and configured/ })).getByRole("row", { name: new RegExp(version) });
const rolloutState = (canvas: Canvas) => canvas.getByTestId("rollout-state");
const ratioForm = (canvas: Canvas) => within(canvas.getByRole("form", { name: "Change traffic ratios" }));
const startForm = (canvas: Canvas) => within(canvas.getByRole("form", { name: "Start a progressive rollout" }));

async function panelLoaded(canvas: Canvas) {
  await canvas.findByRole("heading", { level: 2, name: "Traffic" }, { timeout: 3000 });
  await canvas.findByRole("heading", { name: "Progressive rollout" });
}

export const Idle: Story = {
  name: "Idle: live split, ratio edit and the start form",
  ...mockedApi(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await expect(splitRow(canvas, V1)).toHaveTextContent(/90%.*90%/);
    await expect(splitRow(canvas, V2)).toHaveTextContent(/10%.*10%/);
    await expect(canvas.getByText("The gateway routes by the configured ratios.")).toBeInTheDocument();
    await expect(ratioInput(canvas, V1)).toHaveValue(90);
    await expect(ratioInput(canvas, V2)).toHaveValue(10);
    await expect(canvas.getByText(RATIO_ONLY_NOTE)).toBeInTheDocument();
    await expect(canvas.getByRole("button", { name: "Apply" })).toBeDisabled();
    await expect(await canvas.findByText("No rollout yet.")).toBeInTheDocument();
    // The start form aims all traffic at the version that has the least of it now.
    await expect(targetInput(canvas, V1)).toHaveValue(0);
    await expect(targetInput(canvas, V2)).toHaveValue(100);
    await expect(canvas.getByLabelText("Step (points)")).toHaveValue(10);
    await expect(canvas.getByLabelText("Bake time (s)")).toHaveValue(60);
    await expect(canvas.getByLabelText("Min calls per step")).toHaveValue(10);
    await expect(canvas.getByRole("button", { name: "Start rollout" })).toBeEnabled();
    await expectNoAxeViolations(canvasElement);
  },
};

export const RatioSumError: Story = {
  name: "Ratio edit: R5 sum error as you type",
  ...mockedApi(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(ratioInput(canvas, V1), "60");
    await expect(await canvas.findByText(VERSION_MESSAGES.ratioSum(70))).toBeInTheDocument();
    await expect(ratioForm(canvas).getByText("Total: 70% (must be 100%)")).toBeInTheDocument();
    await expect(ratioInput(canvas, V1)).toHaveAccessibleDescription(VERSION_MESSAGES.ratioSum(70));
    await expect(canvas.getByRole("button", { name: "Apply" })).toBeDisabled();
    await fill(ratioInput(canvas, V2), "");
    await expect(await canvas.findByText(VERSION_MESSAGES.trafficRatio)).toBeInTheDocument();
    await expect(ratioInput(canvas, V2)).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(canvasElement);
    await fill(ratioInput(canvas, V2), "40");
    await waitFor(() => expect(canvas.queryByText(VERSION_MESSAGES.ratioSum(70))).not.toBeInTheDocument(), SETTLED);
    await expect(ratioForm(canvas).getByText("Total: 100% (must be 100%)")).toBeInTheDocument();
    await expect(canvas.getByRole("button", { name: "Apply" })).toBeEnabled();
  },
};

export const RatioApplied: Story = {
  name: "Ratio edit: applied at once, nothing restarts",
  ...mockedApi(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(ratioInput(canvas, V1), "50");
    await fill(ratioInput(canvas, V2), "50");
    await userEvent.click(canvas.getByRole("button", { name: "Apply" }));
    await expect(
      await canvas.findByText("Applied at once as revision 4: the gateway routes by the new split, and no instance restarted.", {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    await waitFor(() => expect(splitRow(canvas, V1)).toHaveTextContent(/50%.*50%/), SETTLED);
    await expect(ratioInput(canvas, V1)).toHaveValue(50);
    await expectNoAxeViolations(canvasElement);
  },
};

export const RatioStale412: Story = {
  name: "Ratio edit: 412, the service changed since it was loaded",
  ...mockedApi({ changedElsewhere: trafficService({ configured: [80, 20], revision: 4 }) }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(ratioInput(canvas, V1), "50");
    await fill(ratioInput(canvas, V2), "50");
    await userEvent.click(canvas.getByRole("button", { name: "Apply" }));
    await expect(await canvas.findByText("Not applied: this service changed since the page loaded it.", {}, { timeout: 3000 })).toBeInTheDocument();
    await expect(canvas.getByText(/you sent revision 3, it is now at revision 4/)).toBeInTheDocument();
    // Typed values stay for comparison, but cannot be sent over the other change.
    await expect(ratioInput(canvas, V1)).toHaveValue(50);
    await expect(canvas.getByRole("button", { name: "Apply" })).toBeDisabled();
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Reload the current ratios" }));
    await waitFor(() => expect(ratioInput(canvas, V1)).toHaveValue(80), SETTLED);
    await expect(ratioInput(canvas, V2)).toHaveValue(20);
    await expect(canvas.queryByText("Not applied: this service changed since the page loaded it.")).not.toBeInTheDocument();
  },
};

export const RatioConflict409: Story = {
  name: "Ratio edit: 409, an update is in progress",
  ...mockedApi({ refuseModifyWith: "Modify is allowed only from Running, Concerning, Abnormal, Stopped or Failed; this service is Updating." }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(ratioInput(canvas, V1), "70");
    await fill(ratioInput(canvas, V2), "30");
    await userEvent.click(canvas.getByRole("button", { name: "Apply" }));
    await expect(await canvas.findByText("Not applied now:", {}, { timeout: 3000 })).toBeInTheDocument();
    await expect(canvas.getByText(/this service is Updating/)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const RolloutInProgress: Story = {
  name: "Rollout in progress",
  ...mockedApi({ service: trafficService({ configured: [90, 10], routing: [70, 30] }), rollouts: [runningRollout()] }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await expect(await canvas.findByTestId("rollout-state")).toHaveTextContent("Running");
    await expect(canvas.getByTestId("rollout-step")).toHaveTextContent("Step 2 of 5 (20 points a step)");
    await expect(canvas.getByText(/s left of this step's 60 s bake\./)).toBeInTheDocument();
    // Live split (70/30) differs from the configured ratios (90/10) while it runs.
    await expect(splitRow(canvas, V2)).toHaveTextContent(/30%.*10%.*100%/);
    await expect(canvas.getByText(/a progressive rollout is moving traffic step by step/)).toBeInTheDocument();
    await expect(canvas.getByRole("button", { name: "Apply" })).toBeDisabled();
    await expect(canvas.getByRole("button", { name: "Apply" })).toHaveAccessibleDescription(ROLLOUT_BLOCKS_EDIT);
    await expect(canvas.queryByRole("button", { name: "Start rollout" })).not.toBeInTheDocument();
    const controls = within(canvas.getByRole("group", { name: "Rollout controls" }));
    await expect(controls.getByRole("button", { name: "Pause" })).toBeEnabled();
    await expect(controls.getByRole("button", { name: "Resume" })).toBeDisabled();
    await expect(controls.getByRole("button", { name: "Promote" })).toBeEnabled();
    await expect(controls.getByRole("button", { name: "Abort" })).toBeEnabled();
    // The steps as a table: share, calls, 5xx rate and p99 per version.
    const steps = within(canvas.getByRole("table", { name: "Rollout steps" }));
    await expect(steps.getByRole("rowheader", { name: /Step 1/ })).toBeInTheDocument();
    await expect(steps.getAllByRole("row", { name: new RegExp(`${V2}.*10%.*24.*0\\.0% \\(0 of 24\\).*48 ms`) })).toHaveLength(1);
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(controls.getByRole("button", { name: "Pause" }));
    await waitFor(() => expect(rolloutState(canvas)).toHaveTextContent("Paused"), SETTLED);
    await waitFor(() => expect(controls.getByRole("button", { name: "Resume" })).toBeEnabled(), SETTLED);
  },
};

export const RolloutPaused: Story = {
  name: "Rollout paused, then aborted",
  ...mockedApi({ service: trafficService({ configured: [90, 10], routing: [70, 30] }), rollouts: [pausedRollout()] }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await expect(await canvas.findByTestId("rollout-state")).toHaveTextContent("Paused");
    await expect(canvas.getByText("Paused: no step moves and nothing is judged until you resume.")).toBeInTheDocument();
    const controls = within(canvas.getByRole("group", { name: "Rollout controls" }));
    await expect(controls.getByRole("button", { name: "Pause" })).toBeDisabled();
    await expect(controls.getByRole("button", { name: "Pause" })).toHaveAccessibleDescription(
      "Pause is possible only while the rollout is Running; it is Paused.",
    );
    await expect(controls.getByRole("button", { name: "Resume" })).toBeEnabled();
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(controls.getByRole("button", { name: "Abort" }));
    const dialog = within(await canvas.findByRole("dialog", { name: "Abort the rollout?" }));
    await expect(dialog.getByText(/digits 1\.0\.0 90%, digits 2\.0\.0 10%/)).toBeInTheDocument();
    await userEvent.click(dialog.getByRole("button", { name: "Abort rollout" }));
    await waitFor(() => expect(rolloutState(canvas)).toHaveTextContent("Aborted"), SETTLED);
    await expect(canvas.getByTestId("rollout-reason")).toHaveTextContent("back to the split it started from");
    await waitFor(() => expect(splitRow(canvas, V1)).toHaveTextContent(/90%.*90%/), SETTLED);
    await expect(canvas.queryByRole("group", { name: "Rollout controls" })).not.toBeInTheDocument();
    await expect(canvas.getByRole("button", { name: "Start rollout" })).toBeEnabled();
  },
};

export const RolloutRolledBack: Story = {
  name: "Rollout rolled back by a guard",
  ...mockedApi({ rollouts: [rolledBackRollout()] }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await expect(await canvas.findByTestId("rollout-state")).toHaveTextContent("Rolled back");
    await expect(canvas.getByText("Why it ended")).toBeInTheDocument();
    await expect(canvas.getByTestId("rollout-reason")).toHaveTextContent(ROLLED_BACK_REASON);
    await expect(canvas.getByText("Broken: 5xx rate 7.5% > 2% (max 5xx rate).")).toBeInTheDocument();
    await expect(canvas.getByText(/^Ended /)).toBeInTheDocument();
    await expect(canvas.queryByRole("group", { name: "Rollout controls" })).not.toBeInTheDocument();
    // Back at the start, a new rollout can begin.
    await expect(canvas.getByRole("button", { name: "Start rollout" })).toBeEnabled();
    await expectNoAxeViolations(canvasElement);
  },
};

export const RolloutCompleted: Story = {
  name: "Rollout completed",
  ...mockedApi({ service: trafficService({ configured: [0, 100], revision: 5 }), rollouts: [completedRollout()] }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await expect(await canvas.findByTestId("rollout-state")).toHaveTextContent("Completed");
    await expect(canvas.getByTestId("rollout-reason")).toHaveTextContent("Reached the target split.");
    await expect(splitRow(canvas, V1)).toHaveTextContent(/0%.*0%/);
    await expect(splitRow(canvas, V2)).toHaveTextContent(/100%.*100%/);
    const steps = within(canvas.getByRole("table", { name: "Rollout steps" }));
    await expect(steps.getAllByRole("rowheader", { name: /^Step \d/ })).toHaveLength(2);
    await expectNoAxeViolations(canvasElement);
  },
};

export const StartRolloutFieldErrors: Story = {
  name: "Start rollout: field errors as you type",
  ...mockedApi(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(await canvas.findByLabelText("Step (points)"), "0");
    await expect(await canvas.findByText(ROLLOUT_MESSAGES.stepPercent)).toBeInTheDocument();
    await fill(canvas.getByLabelText("Bake time (s)"), "3");
    await expect(await canvas.findByText(ROLLOUT_MESSAGES.bakeSeconds)).toBeInTheDocument();
    await fill(canvas.getByLabelText("Max p99 (ms)"), "12.5");
    await expect(await canvas.findByText(ROLLOUT_MESSAGES.p99)).toBeInTheDocument();
    await fill(targetInput(canvas, V1), "50");
    await fill(targetInput(canvas, V2), "40");
    await expect(await canvas.findByText(ROLLOUT_TARGET_MESSAGES.sum(90))).toBeInTheDocument();
    await expect(startForm(canvas).getByText("Total: 90% (must be 100%)")).toBeInTheDocument();
    await expect(canvas.getByLabelText("Step (points)")).toHaveAccessibleDescription(
      `Points of traffic moved towards the target at each step. ${ROLLOUT_MESSAGES.stepPercent}`,
    );
    await userEvent.click(canvas.getByRole("button", { name: "Start rollout" }));
    await expect(await canvas.findByText("Nothing started: fix the fields marked above.")).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const StartRolloutServer422: Story = {
  name: "Start rollout: the server's 422 field errors by path",
  ...mockedApi({
    rejectRolloutWith: [
      { rule: "R16", path: "targetRatios.1.trafficRatio", message: ROLLOUT_MESSAGES.targetRatios },
      { rule: "R16", path: "guards.maxP99Ms", message: "p99 limit 300 ms is below the baseline's own p99 over the last minute (410 ms)." },
    ],
  }),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(await canvas.findByLabelText("Max p99 (ms)"), "300");
    await userEvent.click(canvas.getByRole("button", { name: "Start rollout" }));
    await expect(
      await canvas.findByText("p99 limit 300 ms is below the baseline's own p99 over the last minute (410 ms).", {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    await expect(canvas.getByLabelText("Max p99 (ms)")).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByText(ROLLOUT_MESSAGES.targetRatios)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
    // Editing a field clears the server's word on it.
    await fill(canvas.getByLabelText("Max p99 (ms)"), "600");
    await waitFor(() => expect(canvas.getByLabelText("Max p99 (ms)")).not.toHaveAttribute("aria-invalid"), SETTLED);
  },
};

export const StartRolloutAndPromote: Story = {
  name: "Start a rollout, then promote it",
  ...mockedApi(),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await fill(await canvas.findByLabelText("Step (points)"), "50");
    await fill(canvas.getByLabelText("Bake time (s)"), "5");
    await fill(canvas.getByLabelText("Max 5xx rate (%)"), "1");
    await userEvent.click(canvas.getByRole("button", { name: "Start rollout" }));
    await waitFor(() => expect(rolloutState(canvas)).toHaveTextContent("Running"), SETTLED);
    await expect(canvas.getByTestId("rollout-step")).toHaveTextContent("Step 1 of 2");
    await waitFor(() => expect(splitRow(canvas, V2)).toHaveTextContent(/60%.*10%.*100%/), SETTLED);
    await userEvent.click(canvas.getByRole("button", { name: "Promote" }));
    const dialog = within(await canvas.findByRole("dialog", { name: "Promote to the target now?" }));
    await userEvent.click(dialog.getByRole("button", { name: "Promote" }));
    await waitFor(() => expect(rolloutState(canvas)).toHaveTextContent("Completed"), SETTLED);
    await waitFor(() => expect(splitRow(canvas, V2)).toHaveTextContent(/100%.*100%/), SETTLED);
  },
};

const phoneApi = mockedApi({ rollouts: [rolledBackRollout()] });

export const Phone390: Story = {
  name: "At 390 px: rolled back rollout",
  ...phoneApi,
  parameters: { ...phoneApi.parameters, layout: "fullscreen" },
  decorators: [
    (Story) => (
      <div style={{ width: 390, maxWidth: 390 }} data-testid="phone-frame">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await panelLoaded(canvas);
    await canvas.findByTestId("rollout-state");
    await expectFitsWidth(canvas.getByTestId("phone-frame"), 390);
    await expectNoAxeViolations(canvasElement);
  },
};
