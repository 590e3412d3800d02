// An address the console has no page for, as it shows inside the frame.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../testing/axe.ts";
import { NotFoundPage } from "./not-found-page.tsx";

const meta = {
  title: "App/Not-found page",
  component: NotFoundPage,
  parameters: { route: "/services/svc-1/settings" },
} satisfies Meta<typeof NotFoundPage>;

export default meta;
type Story = StoryObj<typeof meta>;

export const UnknownAddress: Story = {
  name: "Unknown address",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { level: 1, name: "Page not found" })).toBeInTheDocument();
    await expect(canvas.getByText("/services/svc-1/settings")).toBeInTheDocument();
    await expect(canvas.getByRole("link", { name: "Go to Real-Time Services" })).toHaveAttribute("href", "/services");
    await waitFor(() => expect(document.title).toBe("Page not found · Real-Time Services"));
    await expectNoAxeViolations(canvasElement);
  },
};
