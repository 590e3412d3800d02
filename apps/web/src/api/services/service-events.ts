// What each frame of the live stream (GET /api/v1/services/events, see contracts'
// live-service-events.ts) does to the query cache: it patches the list rows and the service's
// details in place, so no page waits for a refetch. A details read already under way started
// before the change and would put the old answer back: then the details are refetched instead.
import {
  LiveServiceEventsFrameSchema,
  LiveServiceInstancesFrameSchema,
  LiveServiceStateFrameSchema,
  SERVICE_DETAIL_EVENT_LIMIT,
  type LiveServiceEventsFrame,
  type LiveServiceInstancesFrame,
  type LiveServiceStateFrame,
  type ServiceDetail,
  type ServiceEvent,
  type ServiceList,
} from "@rts/contracts";
import type { QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { queryKeys } from "../query-keys.ts";

/** The frame's data, if it is what the contract says; anything else is ignored. */
function parse<T>(schema: z.ZodType<T>, data: unknown): T | null {
  if (typeof data !== "string") return null;
  try {
    const result = schema.safeParse(JSON.parse(data));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export const parseStateFrame = (data: unknown) => parse(LiveServiceStateFrameSchema, data);
export const parseInstancesFrame = (data: unknown) => parse(LiveServiceInstancesFrameSchema, data);
export const parseEventsFrame = (data: unknown) => parse(LiveServiceEventsFrameSchema, data);

/** Sets the cached details of a service with `patch`, or refetches them if a read is under way. */
function patchDetail(queryClient: QueryClient, serviceId: string, patch: (detail: ServiceDetail) => ServiceDetail | null): void {
  const key = queryKeys.services.detail(serviceId);
  const cached = queryClient.getQueryData<ServiceDetail>(key);
  if (!cached) return;
  const next = queryClient.isFetching({ queryKey: key, exact: true }) > 0 ? null : patch(cached);
  if (next) queryClient.setQueryData<ServiceDetail>(key, next);
  else void queryClient.invalidateQueries({ queryKey: key, exact: true });
}

export function applyServiceStateFrame(queryClient: QueryClient, frame: LiveServiceStateFrame): void {
  let missing = false;
  // Returning undefined leaves a list as it is: writing its old data back would mark it fresh and
  // hide an invalidation made after a deploy, so the page would keep showing the list before it.
  queryClient.setQueriesData<ServiceList>({ queryKey: queryKeys.services.lists() }, (old) => {
    if (!old) return undefined;
    if (!old.items.some((item) => item.id === frame.serviceId)) {
      missing = true;
      return undefined;
    }
    if (frame.state === "Deleted") {
      return {
        ...old,
        items: old.items.filter((item) => item.id !== frame.serviceId),
        total: Math.max(0, old.total - 1),
        count: Math.max(0, old.count - 1),
      };
    }
    const { state, stateReason, autoStopAt, updatedAt } = frame;
    return {
      ...old,
      items: old.items.map((item) => (item.id === frame.serviceId ? { ...item, state, stateReason, autoStopAt, updatedAt } : item)),
    };
  });
  // A service a cached list does not hold (deployed in another tab, or now matching its filter) or
  // a deletion (counts, next page rows) changes more than one row: let the lists refetch; only the
  // lists on screen are read now. So does a list read already under way (after a Stop, say): it
  // started before this change and would put the old state back.
  const staleReadInFlight = queryClient.isFetching({ queryKey: queryKeys.services.lists() }) > 0;
  if (missing || frame.state === "Deleted" || staleReadInFlight) void queryClient.invalidateQueries({ queryKey: queryKeys.services.lists() });

  if (frame.state === "Deleted") {
    void queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(frame.serviceId) });
    return;
  }
  const cached = queryClient.getQueryData<ServiceDetail>(queryKeys.services.detail(frame.serviceId));
  if (cached && cached.revision !== frame.revision) {
    // A new revision changed the configuration, and with it revisions and rollouts: read it all again.
    void queryClient.invalidateQueries({ queryKey: queryKeys.services.detail(frame.serviceId) });
    return;
  }
  if (cached && JSON.stringify(cached.routing) !== JSON.stringify(frame.routing)) {
    void queryClient.invalidateQueries({ queryKey: queryKeys.services.rollouts(frame.serviceId) });
  }
  const { state, stateReason, desiredState, routing, autoStopAt, deadline, updatedAt } = frame;
  patchDetail(queryClient, frame.serviceId, (detail) => ({ ...detail, state, stateReason, desiredState, routing, autoStopAt, deadline, updatedAt }));
}

export function applyServiceInstancesFrame(queryClient: QueryClient, frame: LiveServiceInstancesFrame): void {
  patchDetail(queryClient, frame.serviceId, (detail) => ({ ...detail, instances: frame.instances }));
}

/** Newest first, as the API lists them; ids are increasing integers in text. */
function newestFirst(a: ServiceEvent, b: ServiceEvent): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id.length !== b.id.length ? b.id.length - a.id.length : b.id.localeCompare(a.id);
}

export function mergeServiceEvents(known: readonly ServiceEvent[], fresh: readonly ServiceEvent[]): ServiceEvent[] {
  const byId = new Map(known.map((event) => [event.id, event]));
  for (const event of fresh) byId.set(event.id, event);
  return [...byId.values()].sort(newestFirst).slice(0, SERVICE_DETAIL_EVENT_LIMIT);
}

export function applyServiceEventsFrame(queryClient: QueryClient, frame: LiveServiceEventsFrame): void {
  patchDetail(queryClient, frame.serviceId, (detail) => ({ ...detail, events: mergeServiceEvents(detail.events, frame.events) }));
}
