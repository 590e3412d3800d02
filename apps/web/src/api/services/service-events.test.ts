// Live frames against the query cache: the console must never show a state older than the last
// frame it received, and patches what it can instead of reading the service again.
import type { LiveServiceState, ServiceDetail, ServiceEvent, ServiceInstance } from "@rts/contracts";
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { queryKeys } from "../query-keys.ts";
import { applyServiceEventsFrame, applyServiceInstancesFrame, applyServiceStateFrame, mergeServiceEvents, parseStateFrame } from "./service-events.ts";

type Row = { id: string; state: string; stateReason: string };
type List = { items: Row[]; total: number; count: number };

const ID = "svc-1";

function stateFrame(overrides: Partial<LiveServiceState> = {}): LiveServiceState {
  return {
    serviceId: ID,
    state: "Running",
    stateReason: "All 1 instance is healthy.",
    desiredState: "Running",
    revision: 1,
    routing: [{ versionId: "v1", trafficRatio: 100 }],
    autoStopAt: null,
    deadline: null,
    updatedAt: "2026-01-01T10:00:00.000Z",
    ...overrides,
  };
}

function instance(overrides: Partial<ServiceInstance> = {}): ServiceInstance {
  return {
    id: "inst-1",
    configurationId: "cfg-1",
    versionId: "v1",
    version: "1.0.0",
    serving: true,
    draining: false,
    poolId: "public",
    poolName: "Public resource pool",
    state: "Healthy",
    restarts: 0,
    port: 41001,
    startedAt: "2026-01-01T10:00:00.000Z",
    lastOutput: null,
    ...overrides,
  };
}

function event(id: string, at: string, toState: ServiceEvent["toState"] = null): ServiceEvent {
  return { id, at, type: toState ?? "Note", fromState: null, toState, reason: `event ${id}` };
}

/** The parts of a service's details the live frames touch; the rest is carried along untouched. */
function detail(overrides: Partial<ServiceDetail> = {}): ServiceDetail {
  const { serviceId: _ignored, ...state } = stateFrame();
  return { id: ID, name: "crash-loop", configurations: [], ...state, instances: [instance()], events: [event("1", "2026-01-01T09:59:00.000Z", "Deploying")], ...overrides } as ServiceDetail;
}

let client: QueryClient;
afterEach(() => client?.clear());

describe("live service frames", () => {
  it("R14 a list read that started before a state frame does not put the old state back", async () => {
    client = new QueryClient();
    // The database as the list endpoint reads it: a first read answers slowly, with the state
    // from before the worker's change.
    let stored = "Stopping";
    let reads = 0;
    let releaseFirst: () => void = () => {};
    const key = queryKeys.services.list({ page: 1 } as never);
    const observer = new QueryObserver<List>(client, {
      queryKey: key,
      queryFn: async () => {
        reads += 1;
        const seen = stored;
        if (reads === 2) await new Promise<void>((resolve) => (releaseFirst = resolve));
        return { items: [{ id: ID, state: seen, stateReason: "" }], total: 1, count: 1 };
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    // A Stop's own invalidation starts a read that sees Stopping...
    void client.invalidateQueries({ queryKey: queryKeys.services.lists() });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // ...then the worker stops the service, and its frame arrives before that read's answer.
    stored = "Stopped";
    applyServiceStateFrame(client, stateFrame({ state: "Stopped", desiredState: "Stopped" }));
    releaseFirst();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getQueryData<List>(key)?.items[0]?.state).toBe("Stopped");
    unsubscribe();
  });

  it("R14 a frame about a service a list does not hold leaves that list stale after a deploy, so the page reads it again", () => {
    client = new QueryClient();
    const page = queryKeys.services.list({ page: 1 } as never);
    const everything = queryKeys.services.list({ pageSize: 100 });
    const other = { id: "svc-0", state: "Running", stateReason: "" };
    client.setQueryData<List>(page, { items: [other], total: 1, count: 1 });
    client.setQueryData<List>(everything, { items: [other, { id: ID, state: "Deploying", stateReason: "" }], total: 2, count: 2 });
    // The deploy's own invalidation marks every list stale while the wizard is on screen...
    void client.invalidateQueries({ queryKey: queryKeys.services.lists() });
    // ...and the new service's first frame must not mark the page without it fresh again.
    applyServiceStateFrame(client, stateFrame({ state: "Deploying" }));
    expect(client.getQueryState(page)?.isInvalidated).toBe(true);
    expect(client.getQueryData<List>(everything)?.items[1]?.state).toBe("Deploying");
  });

  it("R14 patches the details' state, instances and events in place, without reading the service again", () => {
    client = new QueryClient();
    client.setQueryData(queryKeys.services.detail(ID), detail());
    applyServiceStateFrame(client, stateFrame({ state: "Abnormal", stateReason: "None of the instances is healthy." }));
    applyServiceInstancesFrame(client, { serviceId: ID, instances: [instance({ state: "Exited", restarts: 4 })] });
    applyServiceEventsFrame(client, { serviceId: ID, events: [event("3", "2026-01-01T10:01:00.000Z", "Abnormal"), event("1", "2026-01-01T09:59:00.000Z", "Deploying")] });
    const patched = client.getQueryData<ServiceDetail>(queryKeys.services.detail(ID))!;
    expect(patched).toMatchObject({ name: "crash-loop", state: "Abnormal", stateReason: "None of the instances is healthy." });
    expect(patched.instances).toEqual([instance({ state: "Exited", restarts: 4 })]);
    expect(patched.events.map((e) => e.id)).toEqual(["3", "1"]);
    expect(client.getQueryState(queryKeys.services.detail(ID))?.isInvalidated).toBe(false);
  });

  it("R16 a frame with a new revision reads the details again, since the configuration changed", () => {
    client = new QueryClient();
    client.setQueryData(queryKeys.services.detail(ID), detail());
    client.setQueryData(queryKeys.services.revisions(ID), []);
    applyServiceStateFrame(client, stateFrame({ revision: 2, state: "Updating" }));
    expect(client.getQueryState(queryKeys.services.detail(ID))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.services.revisions(ID))?.isInvalidated).toBe(true);
  });

  it("keeps events once each, newest first, at most as many as the details list", () => {
    const known = [event("9", "2026-01-01T10:00:00.000Z"), event("10", "2026-01-01T10:00:00.000Z")];
    expect(mergeServiceEvents(known, [event("10", "2026-01-01T10:00:00.000Z"), event("11", "2026-01-01T10:00:01.000Z")]).map((e) => e.id)).toEqual([
      "11",
      "10",
      "9",
    ]);
    const many = Array.from({ length: 250 }, (_, i) => event(String(i + 1), `2026-01-01T10:00:00.000Z`));
    expect(mergeServiceEvents([], many)).toHaveLength(200);
  });

  it("ignores a frame that is not what the contract says", () => {
    expect(parseStateFrame(JSON.stringify({ serviceId: ID, state: "Running" }))).toBeNull();
    expect(parseStateFrame("not json")).toBeNull();
    expect(parseStateFrame(JSON.stringify({ serviceId: ID, state: "Deleted", stateReason: null }))).toEqual({ serviceId: ID, state: "Deleted", stateReason: null });
  });
});
