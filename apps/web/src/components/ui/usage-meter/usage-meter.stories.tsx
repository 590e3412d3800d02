// Quota usage as bars with the numbers in words.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { UsageMeter } from "./usage-meter.tsx";

function MetersDemo() {
  return (
    <div style={{ display: "grid", gap: "1rem", maxWidth: "28rem" }}>
      <UsageMeter label="vCPUs" used={12} limit={40} unit="vCPUs" />
      <UsageMeter label="Memory" used={136} limit={160} unit="GiB" />
      <UsageMeter label="GPUs" used={2} limit={2} unit="GPUs" />
    </div>
  );
}

const meta = { title: "Design system/Usage meter", component: MetersDemo } satisfies Meta<typeof MetersDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const QuotaUsage: Story = {
  name: "Each bar is a labelled meter whose value is said in words",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const vcpus = canvas.getByRole("meter", { name: "vCPUs" });
    await expect(vcpus).toHaveAttribute("aria-valuetext", "12 of 40 vCPUs used, 28 left");
    await expect(canvas.getByText("12 of 40 vCPUs used, 28 left")).toBeInTheDocument();
    await expect(canvas.getByRole("meter", { name: "Memory" })).toHaveAttribute("aria-valuetext", "136 of 160 GiB used, 24 left (near the limit)");
    await expect(canvas.getByRole("meter", { name: "GPUs" })).toHaveAttribute("aria-valuetext", "2 of 2 GPUs used, 0 left (at the limit)");
    await expectNoAxeViolations(canvasElement);
  },
};
