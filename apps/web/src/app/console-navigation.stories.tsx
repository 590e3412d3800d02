// The console's navigation. Below 760 px wide (resize the canvas) it folds behind the Menu button;
// the play function checks the disclosure: aria-expanded, Escape back to the button.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { expectNoAxeViolations } from "../testing/axe.ts";
import { ConsoleNavigation } from "./console-navigation.tsx";

const meta = {
  title: "App/Console navigation",
  component: ConsoleNavigation,
  parameters: { route: "/quota", layout: "fullscreen" },
  args: { user: { displayName: "Alice Operator", username: "alice" }, signingOut: false, onSignOut: fn() },
  decorators: [(Story) => <div style={{ maxWidth: "var(--nav-width)", minHeight: "30rem", display: "flex" }}>{Story()}</div>],
} satisfies Meta<typeof ConsoleNavigation>;

export default meta;
type Story = StoryObj<typeof meta>;

export const MenuDisclosure: Story = {
  name: "Menu button, Escape and sign out",
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const nav = canvas.getByRole("navigation", { name: "Console" });
    await expect(within(nav).getByRole("link", { name: "Quota" })).toHaveAttribute("aria-current", "page");
    const menu = within(nav).getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await userEvent.click(menu);
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await userEvent.keyboard("{Escape}");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toHaveFocus();
    await userEvent.click(within(nav).getByRole("button", { name: "Sign out" }));
    await expect(args.onSignOut).toHaveBeenCalled();
    await expectNoAxeViolations(canvasElement);
  },
};
