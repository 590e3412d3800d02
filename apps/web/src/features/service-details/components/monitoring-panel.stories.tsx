// The Monitoring tab against the mocked API (MSW): a 70/30 gray launch split by version, a single
// call in a whole hour, a quiet window, a version no longer serving, and the range picker. Play
// functions are the panel's interaction tests (in the browser, and in jsdom through
// monitoring-panel.stories.test.tsx).
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { grayLaunchTraffic, quietTraffic, singleCallTraffic } from "../../../testing/msw/metrics-fixtures.ts";
import { metricsHandler } from "../../../testing/msw/metrics-handlers.ts";
import { MODIFY_SERVICE_ID } from "../../../testing/msw/service-fixtures.ts";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import "../service-details.css";
import { MonitoringPanel } from "./monitoring-panel.tsx";

/** The panel inside the tab panel's frame, as the details page shows it. */
function MonitoringTab({ serviceId }: { serviceId: string }) {
  return (
    <main className="sd-panel">
      <MonitoringPanel serviceId={serviceId} />
    </main>
  );
}

const meta = {
  title: "Service details/Monitoring panel",
  component: MonitoringTab,
  args: { serviceId: MODIFY_SERVICE_ID },
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=monitoring`, msw: [metricsHandler(MODIFY_SERVICE_ID)] },
} satisfies Meta<typeof MonitoringTab>;

export default meta;
type Story = StoryObj<typeof meta>;
type Canvas = ReturnType<typeof within>;

const SETTLED = { timeout: 3000 };

async function versionTable(canvas: Canvas) {
  return canvas.findByRole("table", { name: /^By version/ }, SETTLED);
}

function versionRow(table: HTMLElement, name: string) {
  return within(table).getByRole("row", { name: new RegExp(`^${name}`) });
}

export const GrayLaunch: Story = {
  name: "Gray launch, split by version",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await versionTable(canvas);
    await expect(canvas.getByLabelText("Time range")).toHaveValue("1h");
    await expect(table).toHaveAccessibleName("By version, last hour");
    // 8 busy minutes: 14 calls a minute on 1.0.0, 6 on the canary with an error every other minute.
    await expect(versionRow(table, "digits 1.0.0")).toHaveTextContent(/70%\s*112\s*0 \(0\.0%\)\s*24 ms\s*40 ms\s*52 ms/);
    await expect(versionRow(table, "digits 2.0.0")).toHaveTextContent(/30%\s*48\s*4 \(8\.3%\)\s*108 ms\s*180 ms\s*234 ms/);
    const totals = canvasElement.querySelector<HTMLElement>("dl.sd-totals")!;
    await expect(totals).toHaveAccessibleName("Totals, last hour");
    await expect(totals).toHaveTextContent(/Calls\s*160/);
    await expect(totals).toHaveTextContent(/Errors\s*4 \(2\.5%\)/);
    await expect(canvas.getByText(/, per minute; refreshed every 30 seconds\.$/)).toBeInTheDocument();
    await expect(await canvas.findByText("Calls per minute, by version", undefined, SETTLED)).toBeInTheDocument();
    await expect(canvas.getByText("Errors per minute, by version")).toBeInTheDocument();
    await expect(canvas.getByText(/^p95 latency per minute, by version/)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

const asked: string[] = [];

export const ChooseRange: Story = {
  name: "Range picker: last 6 hours in 5-minute buckets",
  parameters: { msw: [metricsHandler(MODIFY_SERVICE_ID, grayLaunchTraffic(), asked)] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await versionTable(canvas);
    const picker = canvas.getByLabelText("Time range");
    await expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Last 15 minutes",
      "Last hour",
      "Last 6 hours",
      "Last 24 hours",
    ]);
    await expect(picker).toHaveAccessibleDescription(/kept for 24 hours/);
    picker.focus();
    await userEvent.selectOptions(picker, "6h");
    await waitFor(() => expect(canvas.getByRole("table", { name: "By version, last 6 hours" })).toBeInTheDocument(), SETTLED);
    await expect(canvas.getByText(/, per 5 minutes; refreshed every 30 seconds\.$/)).toBeInTheDocument();
    await expect(await canvas.findByText("Calls per 5 minutes, by version", undefined, SETTLED)).toBeInTheDocument();
    await expect(asked).toContain("6h");
    await expect(asked).not.toContain("");
    await expectNoAxeViolations(canvasElement);
  },
};

export const SingleCall: Story = {
  name: "One call in the hour: the window still spans the hour",
  parameters: { msw: [metricsHandler(MODIFY_SERVICE_ID, singleCallTraffic())] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await versionTable(canvas);
    await expect(versionRow(table, "digits 1.0.0")).toHaveTextContent(/70%\s*1\s*0 \(0\.0%\)/);
    await expect(versionRow(table, "digits 2.0.0")).toHaveTextContent(/30%\s*0\s*0\s*—\s*—\s*—/);
    await expect(await canvas.findByText("Calls per minute, by version", undefined, SETTLED)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const QuietWindow: Story = {
  name: "No calls in the window",
  parameters: { msw: [metricsHandler(MODIFY_SERVICE_ID, quietTraffic())] },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await versionTable(canvas);
    await expect(within(table).getAllByRole("row")).toHaveLength(3);
    await expect(canvas.getByText("No calls in this window. Send one from the Prediction test tab.")).toBeInTheDocument();
    await expect(canvas.queryByText(/^Calls per minute/)).not.toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const FormerVersion: Story = {
  name: "A version removed by a modify still shows its calls",
  parameters: {
    msw: [
      metricsHandler(MODIFY_SERVICE_ID, [
        { ...grayLaunchTraffic()[0]!, trafficRatio: 100 },
        { ...grayLaunchTraffic()[1]!, trafficRatio: null },
      ]),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const table = await versionTable(canvas);
    await expect(versionRow(table, "digits 1.0.0")).toHaveTextContent(/^digits 1\.0\.0\s*100%/);
    await expect(versionRow(table, "digits 2.0.0")).toHaveTextContent(/No longer serving\s*48/);
    await expectNoAxeViolations(canvasElement);
  },
};
