// The Real-Time Services list against the mocked API (MSW): the Updating state, the auto stop
// countdown (R17), Modify from the row actions, and Cancel and Stop asking first.
import type { ServiceDetail, ServiceList, ServiceSummary } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { MODIFY_SERVICE_ID, modifiableService, updatingService } from "../../testing/msw/service-fixtures.ts";
import { serviceApiHandlers, type RecordedRequest } from "../../testing/msw/service-handlers.ts";
import { Component as ServicesListPage } from "./services-list-page.tsx";

function summary(detail: ServiceDetail): ServiceSummary {
  const { id, name, description, state, stateReason, poolType, pools, multiPoolLoadBalancing, websocket, applicationName, versions, autoStopAt, createdAt, updatedAt } = detail;
  return { id, name, description, state, stateReason, poolType, pools, multiPoolLoadBalancing, websocket, applicationName, versions, autoStopAt, createdAt, updatedAt };
}

const autoStopAt = new Date(Date.now() + (3 * 60 + 12) * 60_000 - 5_000).toISOString();

function listHandlers(log: RecordedRequest[]) {
  const updating = { ...updatingService(), autoStopAt };
  const running = { ...modifiableService(), id: "svc-other", name: "digits-canary", autoStopAt: null };
  const list: ServiceList = { items: [summary(updating), summary(running)], total: 2, page: 1, pageSize: 10, limit: 20, count: 2 };
  return [http.get("*/api/v1/services", () => HttpResponse.json(list)), ...serviceApiHandlers({ service: updating, log })];
}

const meta = {
  title: "Services/Real-Time Services list",
  component: ServicesListPage,
  // Storybook's router shows a stand-in at /services (where a deploy lands), so the list sits at /.
  parameters: { route: "/", msw: listHandlers([]) },
} satisfies Meta<typeof ServicesListPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const cancelLog: RecordedRequest[] = [];

export const UpdatingWithAutoStop: Story = {
  name: "Updating row with auto stop, Modify and Cancel",
  parameters: { msw: listHandlers(cancelLog) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const link = await canvas.findByRole("link", { name: "digits-service" }, { timeout: 3000 });
    const row = link.closest("tr") as HTMLElement;
    await expect(within(row).getByText("Updating")).toBeInTheDocument();
    await expect(within(row).getByText("Stops in 3 h 12 min")).toBeInTheDocument();
    await expect(within(row).getByRole("button", { name: "Modify digits-service" })).toBeDisabled();
    const other = canvas.getByRole("link", { name: "digits-canary" }).closest("tr") as HTMLElement;
    await expect(within(other).getByRole("link", { name: "Modify digits-canary" })).toHaveAttribute("href", "/services/svc-other/modify");
    await expect(within(other).queryByRole("button", { name: "Cancel digits-canary" })).not.toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);

    await userEvent.click(within(row).getByRole("button", { name: "Cancel digits-service" }));
    const dialog = await canvas.findByRole("dialog", { name: "Cancel the update of digits-service?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel update" }));
    await waitFor(() => expect(cancelLog.map((r) => r.path)).toContain(`/api/v1/services/${MODIFY_SERVICE_ID}/cancel`), { timeout: 3000 });
    await waitFor(() => expect(canvas.queryByRole("dialog")).not.toBeInTheDocument());
  },
};
