// Breadcrumbs on their own: every level but the last is a link; the last is the current page.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { Breadcrumbs } from "./breadcrumbs.tsx";

const meta = {
  title: "UI/Breadcrumbs",
  component: Breadcrumbs,
  parameters: { route: "/services/svc-1" },
} satisfies Meta<typeof Breadcrumbs>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ServiceDetails: Story = {
  name: "Service details, with a long name",
  args: { items: [{ label: "Real-Time Services", to: "/services" }, { label: "support-triage-for-the-european-billing-team-gray-launch" }] },
  play: async ({ canvasElement }) => {
    const nav = within(canvasElement).getByRole("navigation", { name: "Breadcrumb" });
    await expect(within(nav).getByRole("link", { name: "Real-Time Services" })).toHaveAttribute("href", "/services");
    await expect(within(nav).getByText(/^support-triage/)).toHaveAttribute("aria-current", "page");
    await expectNoAxeViolations(canvasElement);
  },
};
