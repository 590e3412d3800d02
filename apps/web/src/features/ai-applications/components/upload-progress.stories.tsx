// An upload's progress: a progressbar that reads "12.3 of 40.0 MB", not only a bar.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { UploadProgress } from "./upload-progress.tsx";

const MB = 1024 * 1024;

const meta = {
  title: "AI Applications/Upload progress",
  component: UploadProgress,
  parameters: { route: "/ai-applications/app-iris/versions/new" },
  args: { fileName: "iris-1.1.0.tar.gz", progress: { sentBytes: 12.3 * MB, totalBytes: 40 * MB } },
} satisfies Meta<typeof UploadProgress>;

export default meta;
type Story = StoryObj<typeof meta>;

export const PartWayThrough: Story = {
  name: "12.3 of 40.0 MB sent, said in words",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const bar = canvas.getByRole("progressbar", { name: "Uploading iris-1.1.0.tar.gz" });
    await expect(bar).toHaveAttribute("aria-valuetext", "12.3 of 40.0 MB");
    await expect(canvas.getByText("Uploading iris-1.1.0.tar.gz: 12.3 of 40.0 MB")).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};
