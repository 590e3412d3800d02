// Notifications after an action: announced politely, reachable with the keyboard, dismissible,
// and gone by themselves after a while unless they are being read. The region itself is the one
// the Storybook decorator renders, as the console renders one for every page.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { Button } from "../button/button.tsx";
import { notificationQueue, notify } from "./notifications.ts";

function ToastDemo() {
  return (
    <>
      <p style={{ display: "flex", gap: "0.75rem", flexWrap: "wrap" }}>
        <Button onClick={() => notify("Service stopped", "demo-classifier")}>Stop demo-classifier</Button>
        <Button onClick={() => notify("Token created", "batch-scoring", { detail: "Copy it now: it is shown only once." })}>Create token</Button>
        <Button onClick={() => notify("Pool could not be deleted", "gpu-pool", { tone: "error", detail: "It still runs 1 service." })}>Fail</Button>
      </p>
      <p>
        <a href="#after">A link after the buttons</a>
      </p>
    </>
  );
}

const meta = {
  title: "Design system/Notifications",
  component: ToastDemo,
} satisfies Meta<typeof ToastDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

const region = () => within(document.body).findByRole("region", { name: "Notifications" });

export const AfterAnAction: Story = {
  name: "An action's result is announced politely with the name of what changed",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Stop demo-classifier" }));
    const notifications = await region();
    const status = within(notifications).getByRole("status");
    await expect(status).toHaveTextContent("Service stopped: demo-classifier");
    await expect(status).toHaveAttribute("aria-live", "polite");
    await expect(within(notifications).getByRole("alertdialog", { name: "Service stopped: demo-classifier" })).toBeInTheDocument();
    await expectNoAxeViolations(notifications);
  },
};

export const Keyboard: Story = {
  name: "Reached with Tab, dismissed with its button, focus goes back",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const create = canvas.getByRole("button", { name: "Create token" });
    await userEvent.click(create);
    const notifications = await region();
    const toast = within(notifications).getByRole("alertdialog", { name: "Token created: batch-scoring" });
    await expect(toast).toHaveAccessibleDescription("Copy it now: it is shown only once.");
    create.focus();
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    await expect(toast).toHaveFocus();
    await userEvent.tab();
    await expect(within(toast).getByRole("button", { name: "Dismiss notification" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(within(document.body).queryByRole("region", { name: "Notifications" })).not.toBeInTheDocument());
  },
};

export const Errors: Story = {
  name: "A failure stays until dismissed",
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole("button", { name: "Fail" }));
    const notifications = await region();
    await expect(within(notifications).getByRole("status")).toHaveTextContent("Pool could not be deleted: gpu-pool");
    await expect(notificationQueue.visibleToasts[0]?.timeout).toBeUndefined();
  },
};
