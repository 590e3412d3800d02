// Every state the console shows as a status indicator: icon + words, colour only repeats them.
import { APP_VERSION_STATES, POOL_STATES, SERVICE_STATES } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { InstanceStateBadge } from "../state-badge/instance-state-badge.tsx";
import { PoolStateBadge } from "../state-badge/pool-state-badge.tsx";
import { StateBadge } from "../state-badge/state-badge.tsx";
import { VersionStateBadge } from "../state-badge/version-state-badge.tsx";
import { StatusBadge } from "./status-badge.tsx";

const INSTANCE_STATES = ["Pending", "Starting", "Healthy", "Unhealthy", "Exited", "Stopped"];

function AllStates() {
  return (
    <div style={{ display: "grid", gap: "1rem", gridTemplateColumns: "repeat(auto-fit, minmax(12rem, 1fr))" }}>
      <section aria-labelledby="services-title">
        <h2 id="services-title">Services</h2>
        <ul className="status-list">
          {SERVICE_STATES.map((state) => (
            <li key={state}>
              <StateBadge state={state} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="instances-title">
        <h2 id="instances-title">Instances</h2>
        <ul className="status-list">
          {INSTANCE_STATES.map((state) => (
            <li key={state}>
              <InstanceStateBadge state={state} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="pools-title">
        <h2 id="pools-title">Dedicated pools</h2>
        <ul className="status-list">
          {POOL_STATES.map((state) => (
            <li key={state}>
              <PoolStateBadge state={state} />
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">AI application versions</h2>
        <ul className="status-list">
          {APP_VERSION_STATES.map((state) => (
            <li key={state}>
              <VersionStateBadge state={state} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

const meta = { title: "Design system/Status indicators", component: AllStates } satisfies Meta<typeof AllStates>;
export default meta;
type Story = StoryObj<typeof meta>;

export const EveryState: Story = {
  name: "Every state has an icon and words, never colour alone",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const badges = canvasElement.querySelectorAll(".status-badge");
    await expect(badges.length).toBe(SERVICE_STATES.length + INSTANCE_STATES.length + POOL_STATES.length + APP_VERSION_STATES.length);
    for (const badge of badges) {
      await expect(badge.querySelector("svg[aria-hidden='true']")).not.toBeNull();
      await expect(badge.textContent?.trim()).not.toBe("");
    }
    await expect(canvas.getByText("Concerning (Alarm)")).toBeInTheDocument();
    await expect(canvasElement.querySelector("[data-state='Failed']")).toHaveClass("status-bad");
    await expect(canvasElement.querySelector("[data-instance-state='Healthy']")).toHaveClass("status-good");
    await expectNoAxeViolations(canvasElement);
  },
};

export const UnknownInstanceState: Story = {
  name: "A state the console does not know yet still shows its words",
  render: () => <InstanceStateBadge state="Quarantined" />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByText("Quarantined")).toBeInTheDocument();
    await expect(canvasElement.querySelector(".status-badge")).toHaveClass("status-info");
  },
};

export const Tones: Story = {
  name: "Tones",
  render: () => (
    <p style={{ display: "flex", gap: "1.5rem", flexWrap: "wrap" }}>
      <StatusBadge tone="good">Good</StatusBadge>
      <StatusBadge tone="warn">Warning</StatusBadge>
      <StatusBadge tone="bad">Bad</StatusBadge>
      <StatusBadge tone="progress">In progress</StatusBadge>
      <StatusBadge tone="idle">Idle</StatusBadge>
      <StatusBadge tone="info">Info</StatusBadge>
    </p>
  ),
};
