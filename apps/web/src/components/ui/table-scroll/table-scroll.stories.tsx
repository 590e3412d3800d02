// A wide table in a phone-sized column: the table keeps its minimum width and scrolls inside its
// own named, focusable region; the column around it does not get wider.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { TableScroll } from "./table-scroll.tsx";

function InstancesLikeTable() {
  return (
    <div style={{ width: 358, border: "1px dashed #9aa3b2" }} data-testid="phone-column">
      <TableScroll label="Instances table" minWidth="52rem">
        <table className="data-table">
          <thead>
            <tr>
              {["Version", "Traffic", "State", "Pool", "Restarts", "Port", "Started", "Last output"].map((name) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {["text-classifier 1.0.0", "Serving", "Healthy", "Public resource pool", "0", "41235", "Nov 27, 2026, 9:26 PM", "None"].map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

const meta = {
  title: "UI/Table scroll",
  component: InstancesLikeTable,
} satisfies Meta<typeof InstancesLikeTable>;

export default meta;
type Story = StoryObj<typeof meta>;

export const WideTableOnAPhone: Story = {
  name: "Wide table in a 390 px page",
  play: async ({ canvasElement }) => {
    const region = within(canvasElement).getByRole("region", { name: "Instances table" });
    await expect(region).toHaveAttribute("tabindex", "0");
    await expect(region).toContainElement(within(canvasElement).getByRole("table"));
    await expectNoAxeViolations(canvasElement);
  },
};
