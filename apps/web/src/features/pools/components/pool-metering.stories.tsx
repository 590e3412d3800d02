// What each dedicated pool has cost (R13) against the mocked API (MSW). pool-new-a ran 4 nodes of
// $0.48/h for 23 min 2 s: 73.7 cents, shown as $0.74 (one-minute records rounded to cents made it
// 69). Play functions run in jsdom through pool-metering.stories.test.tsx.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { pools } from "../../../testing/msw/fixtures.ts";
import { meteringHandlers, poolTotals } from "../../../testing/msw/metering-handlers.ts";
import { PoolMetering } from "./pool-metering.tsx";

const meta = {
  title: "Pools/Metered usage",
  component: PoolMetering,
  parameters: { route: "/pools" },
} satisfies Meta<typeof PoolMetering>;

export default meta;
type Story = StoryObj<typeof meta>;

const LOADED = { timeout: 3000 };

export const PoolsToTheCent: Story = {
  name: "Each pool's cost, summed exactly and rounded once",
  parameters: {
    msw: meteringHandlers({
      totals: poolTotals([
        { pool: pools.newA, nodes: 4, milliseconds: (23 * 60 + 2) * 1000 },
        { pool: pools.old, nodes: 2, milliseconds: 10_000 },
      ]),
    }),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const newA = await canvas.findByRole("row", { name: /pool-new-a/ }, LOADED);
    await expect(newA).toHaveTextContent("1.54");
    await expect(newA).toHaveTextContent("$0.74");
    await expect(canvas.getByRole("row", { name: /pool-old/ })).toHaveTextContent("< $0.01");
    await expectNoAxeViolations(canvasElement);
  },
};

export const NoUsageYet: Story = {
  name: "No pool has been metered yet",
  parameters: { msw: meteringHandlers({ totals: poolTotals([]) }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("No pool usage recorded yet.", {}, LOADED)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};
