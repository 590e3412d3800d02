// Live service states over Server-Sent Events (GET /api/v1/services/events, event
// "service-state"). Each event patches the cached list rows and marks the service's details stale;
// a "Deleted" state removes the row. The stream reconnects with exponential backoff; while it is
// down, `connected` is false and the list page falls back to polling.
import type { ServiceList, ServiceState } from "@rts/contracts";
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { queryKeys } from "../query-keys.ts";

export const SERVICE_EVENTS_URL = "/api/v1/services/events";
export const SERVICE_STATE_EVENT = "service-state";

export interface ServiceStateEvent {
  serviceId: string;
  ownerId?: string;
  state: ServiceState | "Deleted";
  stateReason: string | null;
}

const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

function parseEvent(data: unknown): ServiceStateEvent | null {
  if (typeof data !== "string") return null;
  try {
    const value: unknown = JSON.parse(data);
    if (!value || typeof value !== "object") return null;
    const { serviceId, state, stateReason, ownerId } = value as Record<string, unknown>;
    if (typeof serviceId !== "string" || typeof state !== "string") return null;
    return {
      serviceId,
      ownerId: typeof ownerId === "string" ? ownerId : undefined,
      state: state as ServiceStateEvent["state"],
      stateReason: typeof stateReason === "string" ? stateReason : null,
    };
  } catch {
    return null;
  }
}

/** Applies one event to the query cache. Exported for tests and for other live sources. */
export function applyServiceStateEvent(queryClient: QueryClient, event: ServiceStateEvent): void {
  let found = false;
  queryClient.setQueriesData<ServiceList>({ queryKey: queryKeys.services.lists() }, (old) => {
    if (!old || !old.items.some((item) => item.id === event.serviceId)) return old;
    found = true;
    if (event.state === "Deleted") {
      return {
        ...old,
        items: old.items.filter((item) => item.id !== event.serviceId),
        total: Math.max(0, old.total - 1),
        count: Math.max(0, old.count - 1),
      };
    }
    const state = event.state;
    return {
      ...old,
      items: old.items.map((item) => (item.id === event.serviceId ? { ...item, state, stateReason: event.stateReason } : item)),
    };
  });
  // A service no cached page knows (deployed in another tab) or a deletion (counts, next page
  // rows) changes more than one row: let the lists refetch. So does a list read already under
  // way (after a Stop, say): it started before this change and would put the old state back.
  const staleReadInFlight = queryClient.isFetching({ queryKey: queryKeys.services.lists() }) > 0;
  if (!found || event.state === "Deleted" || staleReadInFlight) void queryClient.invalidateQueries({ queryKey: queryKeys.services.lists() });
  void queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(event.serviceId) });
}

export function useServiceEvents({ enabled = true }: { enabled?: boolean } = {}): { connected: boolean } {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = BACKOFF_START_MS;
    let stopped = false;
    let openedBefore = false;

    const onState = (message: MessageEvent) => {
      const event = parseEvent(message.data);
      if (event) applyServiceStateEvent(queryClient, event);
    };

    const connect = () => {
      if (stopped) return;
      try {
        source = new EventSource(SERVICE_EVENTS_URL, { withCredentials: true });
      } catch {
        scheduleReconnect();
        return;
      }
      source.addEventListener(SERVICE_STATE_EVENT, onState as EventListener);
      source.onopen = () => {
        delay = BACKOFF_START_MS;
        setConnected(true);
        // Events sent while we were away are lost: catch up once after a reconnect.
        if (openedBefore) void queryClient.invalidateQueries({ queryKey: queryKeys.services.lists() });
        openedBefore = true;
      };
      source.onerror = () => {
        // Take reconnection into our own hands: the browser gives up on a 404/401 and retries a
        // dead server too eagerly.
        setConnected(false);
        source?.close();
        source = null;
        scheduleReconnect();
      };
    };

    const scheduleReconnect = () => {
      if (stopped) return;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      if (source) {
        source.removeEventListener(SERVICE_STATE_EVENT, onState as EventListener);
        source.close();
      }
      setConnected(false);
    };
  }, [enabled, queryClient]);

  return { connected };
}
