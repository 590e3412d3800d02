import { SERVICE_LIMIT_MESSAGE, type ServiceList, type ServiceSummary } from "@rts/contracts";
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { notificationQueue } from "../../../components/ui/toast/notifications.ts";
import { FakeEventSource, mockFetch, renderRoutes } from "../../../testing/test-utils.tsx";
import { LiveServicesProvider } from "../../../api/services/live-services.tsx";
import { Component as ServicesListPage } from "../services-list-page.tsx";

function service(overrides: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    id: "svc-1",
    name: "sentiment",
    description: "Sentiment scoring",
    state: "Running",
    stateReason: null,
    poolType: "public",
    pools: [{ id: "public", name: "Public resource pool" }],
    multiPoolLoadBalancing: false,
    websocket: false,
    applicationName: "text-classifier",
    versions: [
      { versionId: "v1", version: "1.0.0", trafficRatio: 70 },
      { versionId: "v2", version: "2.0.0", trafficRatio: 30 },
    ],
    autoStopAt: null,
    createdAt: "2025-01-02T10:00:00.000Z",
    updatedAt: "2025-01-02T10:00:00.000Z",
    ...overrides,
  };
}

function list(items: ServiceSummary[], extra: Partial<ServiceList> = {}): ServiceList {
  return { items, total: items.length, page: 1, pageSize: 10, limit: 20, count: items.length, ...extra };
}

function renderList(url = "/services") {
  return renderRoutes(
    [
      {
        path: "/services",
        element: (
          <LiveServicesProvider>
            <ServicesListPage />
          </LiveServicesProvider>
        ),
      },
      { path: "/services/deploy", element: <h1>Deploy page</h1> },
      { path: "/services/:serviceId", element: <h1>Details page</h1> },
    ],
    url,
  );
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("Real-Time Services list", () => {
  it("renders rows with name links, states as text, versions with ratios and the count", async () => {
    mockFetch({
      "GET /api/v1/services": {
        body: list([service(), service({ id: "svc-2", name: "detector", state: "Failed", stateReason: "instance 1 failed its health check: exit 1", versions: [{ versionId: "v3", version: "0.3.0", trafficRatio: 100 }] })]),
      },
    });
    renderList();
    const link = await screen.findByRole("link", { name: "sentiment" });
    expect(link).toHaveAttribute("href", "/services/svc-1");
    const row = link.closest("tr")!;
    expect(within(row).getByText("Running")).toBeInTheDocument();
    expect(within(row).getByText("1.0.0 (70%), 2.0.0 (30%)")).toBeInTheDocument();
    const failedRow = screen.getByRole("link", { name: "detector" }).closest("tr")!;
    expect(within(failedRow).getByText("Failed")).toBeInTheDocument();
    expect(within(failedRow).getByText(/instance 1 failed its health check/)).toBeInTheDocument();
    expect(screen.getByText("2 / 20 services")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Deploy" })).toHaveAttribute("href", "/services/deploy");
  });

  it("shows a long failure reason cut, and whole on demand, with the created time as a relative <time>", async () => {
    const reason =
      'Instance 2 of digits 1.0.0 did not become healthy within 3 minutes: GET /health answered 503 five times in a row. Last output: "No module named onnxruntime".';
    mockFetch({ "GET /api/v1/services": { body: list([service({ state: "Failed", stateReason: reason })]) } });
    const user = userEvent.setup();
    renderList();
    const row = (await screen.findByRole("link", { name: "sentiment" })).closest("tr")!;
    expect(within(row).queryByText(reason)).not.toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: "Show full reason for sentiment" }));
    expect(within(row).getByText(reason)).toBeInTheDocument();
    const created = within(row).getByText(/ago$/);
    expect(created).toHaveAttribute("datetime", "2025-01-02T10:00:00.000Z");
  });

  it("R1 disables Deploy at 20 services and says why", async () => {
    mockFetch({ "GET /api/v1/services": { body: list([service()], { count: 20, total: 20 }) } });
    renderList();
    const deploy = await screen.findByRole("button", { name: "Deploy" });
    expect(deploy).toBeDisabled();
    expect(deploy).toHaveAttribute("title", SERVICE_LIMIT_MESSAGE);
    expect(deploy).toHaveAccessibleDescription(SERVICE_LIMIT_MESSAGE);
    expect(screen.getByText("20 / 20 services")).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Deploy" })).not.toBeInTheDocument();
  });

  it("disables Stop for a Deploying row with the reason, and Start for a Running one", async () => {
    mockFetch({ "GET /api/v1/services": { body: list([service({ state: "Deploying" }), service({ id: "svc-2", name: "other" })]) } });
    renderList();
    const stop = await screen.findByRole("button", { name: "Stop sentiment" });
    expect(stop).toBeDisabled();
    expect(stop.getAttribute("title")).toMatch(/Stop is allowed only from Running, Concerning or Abnormal; this service is Deploying/);
    expect(screen.getByRole("button", { name: "Stop other" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Start other" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Delete sentiment" })).toBeEnabled();
  });

  it("keeps search and state filter in the URL and sends them to the API", async () => {
    const { calls } = mockFetch({ "GET /api/v1/services": { body: list([service()]) } });
    const user = userEvent.setup();
    const { router } = renderList("/services?page=2");
    await screen.findByRole("link", { name: "sentiment" });
    await user.type(screen.getByLabelText("Search by name"), "senti");
    await waitFor(() => expect(router.state.location.search).toBe("?q=senti"));
    await user.selectOptions(screen.getByLabelText("State"), "Failed");
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get("state")).toBe("Failed"));
    // Without an open event stream the list also polls: look for the call, not at the last one.
    await waitFor(() => {
      const asked = calls.map((call) => call.url.searchParams);
      expect(asked.some((p) => p.get("q") === "senti" && p.get("state") === "Failed" && p.get("page") === "1")).toBe(true);
    });
  });

  it("shows the empty state with a Deploy link", async () => {
    mockFetch({ "GET /api/v1/services": { body: list([]) } });
    renderList();
    expect(await screen.findByText("No real-time services yet — Deploy one")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Deploy a real-time service" })).toHaveAttribute("href", "/services/deploy");
  });

  it("shows the API problem when the list fails", async () => {
    mockFetch({ "GET /api/v1/services": { status: 500, body: { type: "x", title: "Internal error.", status: 500, detail: "Something went wrong on our side." } } });
    renderList();
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("patches a row's state from an SSE event and removes deleted rows", async () => {
    // The server's truth, changed alongside the events (a refetch after a deletion sees it).
    let rows = [service({ state: "Deploying" }), service({ id: "svc-2", name: "other" })];
    mockFetch({ "GET /api/v1/services": () => ({ body: list(rows) }) });
    renderList();
    const row = (await screen.findByRole("link", { name: "sentiment" })).closest("tr")!;
    expect(within(row).getByText("Deploying")).toBeInTheDocument();
    const source = FakeEventSource.latest()!;
    expect(source.url).toBe("/api/v1/services/events");
    act(() => source.open());
    rows = [service({ state: "Running", stateReason: "All instances are healthy." }), service({ id: "svc-2", name: "other" })];
    act(() =>
      source.emit("service-state", {
        serviceId: "svc-1",
        state: "Running",
        stateReason: "All instances are healthy.",
        desiredState: "Running",
        revision: 1,
        routing: [],
        autoStopAt: null,
        deadline: null,
        updatedAt: "2025-01-02T10:01:00.000Z",
      }),
    );
    await waitFor(() => expect(within(row).getByText("Running")).toBeInTheDocument());
    expect(within(row).getByText("All instances are healthy.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop sentiment" })).toBeEnabled();
    rows = [service({ state: "Running", stateReason: "All instances are healthy." })];
    act(() => source.emit("service-state", { serviceId: "svc-2", state: "Deleted", stateReason: null }));
    await waitFor(() => expect(screen.queryByRole("link", { name: "other" })).not.toBeInTheDocument());
    expect(screen.getByText("1 / 20 services")).toBeInTheDocument();
  });

  it("reconnects the event stream with backoff after an error", async () => {
    mockFetch({ "GET /api/v1/services": { body: list([service()]) } });
    renderList();
    await screen.findByRole("link", { name: "sentiment" });
    vi.useFakeTimers();
    const first = FakeEventSource.latest()!;
    act(() => first.fail());
    expect(first.readyState).toBe(2);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_100);
    });
    expect(FakeEventSource.instances.length).toBe(2);
  });

  it("stops a service and deletes one, each after confirmation", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/services": { body: list([service()]) },
      "POST /api/v1/services/svc-1/stop": { status: 202, body: { id: "svc-1" } },
      "DELETE /api/v1/services/svc-1": { status: 204 },
    });
    const user = userEvent.setup();
    renderList();
    await user.click(await screen.findByRole("button", { name: "Stop sentiment" }));
    const stopDialog = await screen.findByRole("dialog", { name: "Stop sentiment?" });
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.click(within(stopDialog).getByRole("button", { name: "Stop service" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.url.pathname.endsWith("/stop"))).toBe(true));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Delete sentiment" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete sentiment?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(notificationQueue.visibleToasts.map((toast) => toast.content.message)).toEqual(["Service deleted: sentiment", "Stopping service: sentiment"]);
  });

  it("R16 offers Modify where the state allows it and says why not while Updating", async () => {
    mockFetch({ "GET /api/v1/services": { body: list([service(), service({ id: "svc-2", name: "other", state: "Updating" })]) } });
    renderList();
    expect(await screen.findByRole("link", { name: "Modify sentiment" })).toHaveAttribute("href", "/services/svc-1/modify");
    const updating = screen.getByRole("button", { name: "Modify other" });
    expect(updating).toBeDisabled();
    expect(updating).toHaveAccessibleDescription(/Modify is allowed only from .*; this service is Updating\./);
    const row = screen.getByRole("link", { name: "other" }).closest("tr")!;
    expect(within(row).getByText("Updating")).toBeInTheDocument();
  });

  it("cancels an update only after confirmation; Cancel shows only while a deploy or an update runs", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/services": { body: list([service({ state: "Updating" }), service({ id: "svc-2", name: "other" })]) },
      "POST /api/v1/services/svc-1/cancel": { status: 202, body: { id: "svc-1" } },
    });
    const user = userEvent.setup();
    renderList();
    await user.click(await screen.findByRole("button", { name: "Cancel sentiment" }));
    expect(screen.queryByRole("button", { name: "Cancel other" })).not.toBeInTheDocument();
    const dialog = await screen.findByRole("dialog", { name: "Cancel the update of sentiment?" });
    expect(dialog).toHaveTextContent(/goes back to the revision before this change/);
    expect(within(dialog).getByRole("button", { name: "Keep updating" })).toHaveFocus();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.click(within(dialog).getByRole("button", { name: "Cancel update" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.url.pathname === "/api/v1/services/svc-1/cancel")).toBe(true));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("R17 shows the time left before a service stops itself, live", async () => {
    // Only the clock and the countdown's interval are fake; fetches and waits run as usual.
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"], shouldAdvanceTime: true });
    const autoStopAt = new Date(Date.now() + (3 * 60 + 12) * 60_000 - 5_000).toISOString();
    mockFetch({ "GET /api/v1/services": { body: list([service({ autoStopAt })]) } });
    renderList();
    const row = (await screen.findByRole("link", { name: "sentiment" })).closest("tr")!;
    expect(within(row).getByText("Stops in 3 h 12 min")).toBeInTheDocument();
    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(within(row).getByText("Stops in 3 h 11 min")).toBeInTheDocument();
  });

  it("shows a 409 from stop as a readable message in the confirmation", async () => {
    mockFetch({
      "GET /api/v1/services": { body: list([service()]) },
      "POST /api/v1/services/svc-1/stop": {
        status: 409,
        body: { type: "x", title: "This action is not allowed in the current state.", status: 409, detail: "Stop is allowed only from Running, Concerning or Abnormal; this service is Stopping." },
      },
    });
    const user = userEvent.setup();
    renderList();
    await user.click(await screen.findByRole("button", { name: "Stop sentiment" }));
    const dialog = await screen.findByRole("dialog", { name: "Stop sentiment?" });
    await user.click(within(dialog).getByRole("button", { name: "Stop service" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Stop is allowed only from Running, Concerning or Abnormal; this service is Stopping.");
  });
});
