// The details page under the one live stream of the console: frames change the header, the
// Instances tab and the Events tab as they arrive; without the stream the page polls.
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ServiceDetail } from "@rts/contracts";
import { LiveServicesProvider } from "../../../api/services/live-services.tsx";
import { FakeEventSource, mockFetch, renderRoutes } from "../../../testing/test-utils.tsx";
import { deadlineText } from "../components/deadline-countdown.tsx";
import { desiredStateText } from "../components/overview-panel.tsx";
import { Component } from "../service-details-page.tsx";
import { SERVICE_ID, serviceDetail } from "./service-detail-fixture.ts";

function renderDetails(tab = "") {
  return renderRoutes(
    [
      {
        path: "/services/:serviceId",
        element: (
          <LiveServicesProvider>
            <Component />
          </LiveServicesProvider>
        ),
      },
    ],
    `/services/${SERVICE_ID}${tab}`,
  );
}

function stateFrame(service: ServiceDetail) {
  const { id, state, stateReason, desiredState, revision, routing, autoStopAt, deadline, updatedAt } = service;
  return { serviceId: id, state, stateReason, desiredState, revision, routing, autoStopAt, deadline, updatedAt };
}

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("live service details", () => {
  it("R14 shows each state and instance change from the stream on the open tab, without reading the service again", async () => {
    let reads = 0;
    const running = serviceDetail();
    mockFetch({ [`GET /api/v1/services/${SERVICE_ID}`]: () => (reads++, { body: running }) });
    const { queryClient } = renderDetails("?tab=instances");
    const table = await screen.findByRole("table");
    const source = FakeEventSource.latest()!;
    act(() => source.open());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    const readsBefore = reads;

    const abnormal = serviceDetail({ state: "Abnormal", stateReason: "None of the 2 instances is healthy; they are being restarted." });
    act(() => source.emit("service-state", stateFrame(abnormal)));
    const crashed = running.instances.map((instance) => ({ ...instance, state: "Exited", restarts: 4 }));
    act(() => source.emit("service-instances", { serviceId: SERVICE_ID, instances: crashed }));

    expect(await screen.findByText("None of the 2 instances is healthy; they are being restarted.")).toBeInTheDocument();
    const rows = within(table).getAllByRole("row").slice(1);
    for (const row of rows) {
      expect(within(row).getByText("Exited")).toBeInTheDocument();
      expect(within(row).getByText("4")).toBeInTheDocument();
    }
    expect(reads).toBe(readsBefore);
  });

  it("R14 adds new events to the Events tab as they arrive", async () => {
    mockFetch({ [`GET /api/v1/services/${SERVICE_ID}`]: { body: serviceDetail() } });
    const { queryClient } = renderDetails("?tab=events");
    await screen.findByRole("heading", { name: "Events" });
    const source = FakeEventSource.latest()!;
    act(() => source.open());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    act(() =>
      source.emit("service-events", {
        serviceId: SERVICE_ID,
        events: [{ id: "9001", at: "2030-01-01T00:00:00.000Z", type: "Abnormal", fromState: "Running", toState: "Abnormal", reason: "Instance 1 exited with code 1." }],
      }),
    );
    expect(await screen.findByText("Instance 1 exited with code 1.")).toBeInTheDocument();
  });

  it("R14 reads the service every few seconds while the stream is down", async () => {
    let reads = 0;
    mockFetch({ [`GET /api/v1/services/${SERVICE_ID}`]: () => (reads++, { body: serviceDetail() }) });
    const { queryClient } = renderDetails();
    await screen.findByRole("heading", { name: "invoice-classifier" });
    act(() => FakeEventSource.latest()!.fail());
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    const readsBefore = reads;
    await waitFor(() => expect(reads).toBeGreaterThan(readsBefore), { timeout: 4_500 });
  });

  it("R9 says how long a deploy has before its timeout, and a failed service is driven nowhere", () => {
    const now = Date.parse("2030-01-01T10:00:00.000Z");
    const deploying = { state: "Deploying" as const, timeoutMinutes: 20, deadline: "2030-01-01T10:17:30.000Z" };
    expect(deadlineText(deploying, now)).toBe("18 min left before the deploy fails (timeout 20 min).");
    expect(deadlineText({ ...deploying, state: "Updating" }, now)).toBe("18 min left before the update is rolled back (timeout 20 min).");
    expect(deadlineText({ ...deploying, deadline: "2030-01-01T09:59:00.000Z" }, now)).toBe("The 20-minute timeout has passed: the deploy fails now.");
    expect(deadlineText({ ...deploying, state: "Running", deadline: null }, now)).toBeNull();
    expect(desiredStateText({ state: "Failed", desiredState: "Running" })).toBe("None: it stays Failed until you start it again");
    expect(desiredStateText({ state: "Stopping", desiredState: "Stopped" })).toBe("Stopped");
  });
});
