// Relative times ("3 minutes ago") with the absolute time and time zone on hover and on focus.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { formatAbsoluteTime, formatRelativeTime } from "./relative-time-format.ts";
import { RelativeTime } from "./relative-time.tsx";

const MINUTE = 60_000;

function TimesDemo({ now }: { now: number }) {
  const times = {
    created: new Date(now - 3 * MINUTE).toISOString(),
    event: new Date(now - 26 * 60 * MINUTE).toISOString(),
    expires: new Date(now + 5 * 24 * 60 * MINUTE).toISOString(),
  };
  return (
    <table className="data-table" style={{ maxWidth: "36rem" }}>
      <caption>Times</caption>
      <tbody>
        <tr>
          <th scope="row">Created</th>
          <td>
            <RelativeTime value={times.created} />
          </td>
        </tr>
        <tr>
          <th scope="row">Last event</th>
          <td>
            <RelativeTime value={times.event} />
          </td>
        </tr>
        <tr>
          <th scope="row">Expires</th>
          <td>
            <RelativeTime value={times.expires} />
          </td>
        </tr>
        <tr>
          <th scope="row">Last used</th>
          <td>
            <RelativeTime value={null} fallback="Never" />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

const meta = { title: "Design system/Relative time", component: TimesDemo, args: { now: Date.now() } } satisfies Meta<typeof TimesDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const HoverAndFocus: Story = {
  name: "Shows how long ago, and the absolute time with its zone on focus",
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const created = canvas.getByText("3 minutes ago");
    await expect(created.tagName).toBe("TIME");
    await expect(canvas.getByText("yesterday")).toBeInTheDocument();
    await expect(canvas.getByText("in 5 days")).toBeInTheDocument();
    await expect(canvas.getByText("Never")).toBeInTheDocument();
    const absolute = formatAbsoluteTime(new Date(created.getAttribute("datetime")!));
    await expect(new Intl.DateTimeFormat(undefined, { timeStyle: "long" }).formatToParts(new Date(args.now)).some((p) => p.type === "timeZoneName")).toBe(true);
    await userEvent.tab();
    await expect(created).toHaveFocus();
    const tooltip = await within(document.body).findByRole("tooltip");
    await expect(tooltip).toHaveTextContent(absolute);
    await expect(created).toHaveAccessibleDescription(absolute);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(within(document.body).queryByRole("tooltip")).not.toBeInTheDocument());
    await expectNoAxeViolations(canvasElement);
  },
};

export const Wording: Story = {
  name: "Wording at each scale",
  play: async () => {
    const now = Date.UTC(2026, 2, 12, 12, 0, 0);
    await expect(formatRelativeTime(new Date(now - 20_000), now)).toBe("now");
    await expect(formatRelativeTime(new Date(now - 3 * MINUTE), now)).toBe("3 minutes ago");
    await expect(formatRelativeTime(new Date(now - 61 * MINUTE), now)).toBe("1 hour ago");
    await expect(formatRelativeTime(new Date(now - 3 * 24 * 60 * MINUTE), now)).toBe("3 days ago");
    await expect(formatRelativeTime(new Date(now + 2 * MINUTE), now)).toBe("in 2 minutes");
    await expect(formatRelativeTime(new Date(now - 59.6 * MINUTE), now)).toBe("1 hour ago");
    await expect(formatRelativeTime(new Date(now + 5 * 24 * 60 * MINUTE - 5_000), now)).toBe("in 5 days");
  },
};
