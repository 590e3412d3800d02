// The shared page header: a top-level page (title, description, the primary action upper left) and
// a nested one (breadcrumbs down to the page, its actions). Both set the document title.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { Button, ButtonLink } from "../button/button.tsx";
import { PageHeader } from "./page-header.tsx";

const meta = {
  title: "UI/Page header",
  component: PageHeader,
  parameters: { route: "/pools" },
} satisfies Meta<typeof PageHeader>;

export default meta;
type Story = StoryObj<typeof meta>;

export const TopLevelPage: Story = {
  name: "Top-level page",
  args: {
    title: "Real-Time Services",
    description: "Deploy a version of your AI application as a real-time inference service and call it.",
    actions: (
      <ButtonLink to="/services/deploy" variant="primary">
        Deploy
      </ButtonLink>
    ),
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("heading", { level: 1, name: "Real-Time Services" })).toBeInTheDocument();
    await expect(canvas.queryByRole("navigation", { name: "Breadcrumb" })).not.toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Real-Time Services"));
    await expectNoAxeViolations(canvasElement);
  },
};

export const NestedPage: Story = {
  name: "Nested page with breadcrumbs",
  parameters: { route: "/services/svc-1/modify" },
  args: {
    title: "Modify demo-classifier",
    breadcrumbs: [
      { label: "Real-Time Services", to: "/services" },
      { label: "demo-classifier", to: "/services/svc-1" },
      { label: "Modify" },
    ],
    actions: <Button>Reload the service</Button>,
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const crumbs = canvas.getByRole("navigation", { name: "Breadcrumb" });
    await expect(within(crumbs).getAllByRole("link").map((link) => link.textContent)).toEqual(["Real-Time Services", "demo-classifier"]);
    await expect(within(crumbs).getByText("Modify")).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(document.title).toBe("Modify demo-classifier · Real-Time Services"));
    await expectNoAxeViolations(canvasElement);
  },
};
