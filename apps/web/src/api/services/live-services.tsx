// One live stream for the whole signed-in console (the app layout holds the provider): an
// EventSource on GET /api/v1/services/events whose frames patch every cached list row and every
// service's details (service-events.ts), whatever page is open. It reconnects with backoff; while
// it is down `connected` is false and the pages poll instead. On every (re)open, what was read
// before the stream could carry the changes is read again, so nothing missed meanwhile stays.
import { LIVE_SERVICE_EVENT, LIVE_SERVICE_EVENTS_PATH } from "@rts/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { queryKeys } from "../query-keys.ts";
import {
  applyServiceEventsFrame,
  applyServiceInstancesFrame,
  applyServiceStateFrame,
  parseEventsFrame,
  parseInstancesFrame,
  parseStateFrame,
} from "./service-events.ts";

export interface LiveServicesStatus {
  /** The stream is open: pages need not poll. */
  connected: boolean;
}

/** How often a page reads a service again while the stream is down. */
export const LIVE_FALLBACK_POLL_MS = 3_000;
const BACKOFF_START_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

const LiveServicesContext = createContext<LiveServicesStatus>({ connected: false });

export function useLiveServices(): LiveServicesStatus {
  return useContext(LiveServicesContext);
}

export function LiveServicesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = BACKOFF_START_MS;
    let stopped = false;

    const listeners: Array<[string, (message: MessageEvent) => void]> = [
      [LIVE_SERVICE_EVENT.state, (m) => withFrame(parseStateFrame(m.data), (f) => applyServiceStateFrame(queryClient, f))],
      [LIVE_SERVICE_EVENT.instances, (m) => withFrame(parseInstancesFrame(m.data), (f) => applyServiceInstancesFrame(queryClient, f))],
      [LIVE_SERVICE_EVENT.events, (m) => withFrame(parseEventsFrame(m.data), (f) => applyServiceEventsFrame(queryClient, f))],
    ];

    const connect = () => {
      if (stopped) return;
      try {
        source = new EventSource(LIVE_SERVICE_EVENTS_PATH, { withCredentials: true });
      } catch {
        scheduleReconnect();
        return;
      }
      for (const [name, listener] of listeners) source.addEventListener(name, listener as EventListener);
      source.onopen = () => {
        const openedAt = Date.now();
        delay = BACKOFF_START_MS;
        setConnected(true);
        void queryClient.invalidateQueries({
          queryKey: queryKeys.services.all,
          predicate: (query) => query.state.dataUpdatedAt < openedAt || query.state.fetchStatus === "fetching",
        });
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
        for (const [name, listener] of listeners) source.removeEventListener(name, listener as EventListener);
        source.close();
      }
      setConnected(false);
    };
  }, [queryClient]);

  const status = useMemo(() => ({ connected }), [connected]);
  return <LiveServicesContext value={status}>{children}</LiveServicesContext>;
}

/** A stream that is up and quiet, for stories and tests that feed the cache themselves. */
export function StaticLiveServices({ connected, children }: LiveServicesStatus & { children: ReactNode }) {
  const status = useMemo(() => ({ connected }), [connected]);
  return <LiveServicesContext value={status}>{children}</LiveServicesContext>;
}

function withFrame<T>(frame: T | null, apply: (frame: T) => void): void {
  if (frame) apply(frame);
}
