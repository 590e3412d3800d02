// The Metering tab against the mocked API (MSW): usage metered exactly and rounded once (R13).
// 23 one-minute records of a $0.12/h instance cost 4.6 cents: each record shows "< $0.01" and the
// total "$0.05" (rounding each record to cents showed $0.00 forever). Play functions are the
// panel's interaction tests (in the browser, and in jsdom through metering-panel.stories.test.tsx).
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { pools } from "../../../testing/msw/fixtures.ts";
import { meteringHandlers, serviceMetering, serviceRecords } from "../../../testing/msw/metering-handlers.ts";
import { MODIFY_SERVICE_ID, modifiableService } from "../../../testing/msw/service-fixtures.ts";
import "../service-details.css";
import { EXACT_METERING_NOTE, MeteringPanel } from "./metering-panel.tsx";

const meta = {
  title: "Service details/Metering panel",
  component: MeteringPanel,
  args: { service: modifiableService() },
  parameters: { route: `/services/${MODIFY_SERVICE_ID}?tab=metering` },
  decorators: [
    (Story) => (
      <main className="sd-panel">
        <Story />
      </main>
    ),
  ],
} satisfies Meta<typeof MeteringPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

const LOADED = { timeout: 3000 };

export const MinutesAddUpToTheCent: Story = {
  name: "23 one-minute records: each under a cent, $0.05 in total",
  parameters: { msw: meteringHandlers({ service: serviceMetering(serviceRecords(23, 60_000)) }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const total = await canvas.findByText("Total cost:", { exact: false }, LOADED);
    await expect(total).toHaveTextContent("Total cost: $0.05");
    await expect(canvas.getByText(EXACT_METERING_NOTE)).toBeInTheDocument();
    const rows = within(canvas.getByRole("table")).getAllByRole("row").slice(1);
    await expect(rows).toHaveLength(23);
    for (const row of rows) await expect(row).toHaveTextContent("< $0.01");
    await expectNoAxeViolations(canvasElement);
  },
};

export const FirstSecondsKept: Story = {
  name: "A service that just started: under half a cent, not $0.00",
  parameters: { msw: meteringHandlers({ service: serviceMetering(serviceRecords(1, 1_500)) }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("Total cost:", { exact: false }, LOADED)).toHaveTextContent("Total cost: < $0.01");
    await expect(within(canvas.getByRole("table")).getByText("2 s")).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const DedicatedPoolService: Story = {
  name: "In a dedicated pool: the pool is metered, the service adds nothing",
  args: { service: modifiableService({ poolType: "dedicated", pools: [{ id: pools.newA.id, name: pools.newA.name }] }) },
  parameters: { msw: meteringHandlers({ service: serviceMetering([]) }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("No usage recorded yet.", {}, LOADED)).toBeInTheDocument();
    await expect(canvas.getByText("Total cost:", { exact: false })).toHaveTextContent("Total cost: $0.00");
    await expect(canvas.getByText(/the pool is metered as a whole/)).toBeInTheDocument();
    await expect(canvas.getByRole("link", { name: "Dedicated Resource Pools" })).toHaveAttribute("href", "/pools");
    await expectNoAxeViolations(canvasElement);
  },
};
