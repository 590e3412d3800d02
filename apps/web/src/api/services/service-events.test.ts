// Live state against list reads in flight: the console must never show a state older than the
// last event it received.
import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { queryKeys } from "../query-keys.ts";
import { applyServiceStateEvent } from "./service-events.ts";

type Row = { id: string; state: string; stateReason: string };
type List = { items: Row[]; total: number; count: number };

describe("service state events", () => {
  it("R14 a list read that started before a state event does not put the old state back", async () => {
    const client = new QueryClient();
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
        return { items: [{ id: "svc-1", state: seen, stateReason: "" }], total: 1, count: 1 };
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    await new Promise((resolve) => setTimeout(resolve, 0));
    // A Stop's own invalidation starts a read that sees Stopping...
    void client.invalidateQueries({ queryKey: queryKeys.services.lists() });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // ...then the worker stops the service, and its event arrives before that read's answer.
    stored = "Stopped";
    applyServiceStateEvent(client, { serviceId: "svc-1", ownerId: "u", state: "Stopped", stateReason: "" } as never);
    releaseFirst();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.getQueryData<List>(key)?.items[0]?.state).toBe("Stopped");
    unsubscribe();
    client.clear();
  });
});
