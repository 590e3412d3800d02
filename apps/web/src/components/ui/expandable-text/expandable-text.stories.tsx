// A failure reason in a dense list: its start, and a button that shows all of it.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { ExpandableText } from "./expandable-text.tsx";

const REASON =
  'Instance 2 of version digits 1.0.0 did not become healthy within 3 minutes: GET /health answered 503 five times in a row. Last output: "ModuleNotFoundError: No module named onnxruntime".';

const meta = {
  title: "Design system/Expandable text",
  component: ExpandableText,
  args: { text: REASON, what: "reason", of: "demo-classifier", maxChars: 60 },
  decorators: [(Story) => <div style={{ maxWidth: "20rem" }}><Story /></div>],
} satisfies Meta<typeof ExpandableText>;
export default meta;
type Story = StoryObj<typeof meta>;

export const LongReason: Story = {
  name: "A cut reason can be read in full",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const toggle = canvas.getByRole("button", { name: "Show full reason for demo-classifier" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(canvas.queryByText(REASON)).not.toBeInTheDocument();
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(canvas.getByText(REASON)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Show less for demo-classifier" }));
    await expect(canvas.queryByText(REASON)).not.toBeInTheDocument();
  },
};

export const ShortReason: Story = {
  name: "A short reason shows whole, with no button",
  args: { text: "Stopped by its owner." },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).queryByRole("button")).not.toBeInTheDocument();
  },
};
