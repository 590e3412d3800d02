// What GET /api/v1/services/events streams: Server-Sent Events about the signed-in user's services,
// each frame about one service. The API sends a frame only when what it carries changed, at most
// a few per second per service; the console patches its cached list rows and details with them.
import { z } from "zod";
import { ServiceDetailSchema, ServiceEventSchema, ServiceInstanceSchema } from "./api-schemas.ts";

export const LIVE_SERVICE_EVENTS_PATH = "/api/v1/services/events";

/** The SSE `event:` names, one per kind of frame. */
export const LIVE_SERVICE_EVENT = {
  state: "service-state",
  instances: "service-instances",
  events: "service-events",
} as const;

const serviceId = z.string().describe("The service the frame is about.");

export const LiveServiceStateSchema = ServiceDetailSchema.pick({
  state: true,
  stateReason: true,
  desiredState: true,
  revision: true,
  routing: true,
  autoStopAt: true,
  deadline: true,
  updatedAt: true,
})
  .extend({ serviceId })
  .describe("The service's state and the settings that change with it; a new revision means its configuration changed too.");
export type LiveServiceState = z.infer<typeof LiveServiceStateSchema>;

export const LiveServiceDeletedSchema = z
  .object({ serviceId, state: z.literal("Deleted"), stateReason: z.string().nullable() })
  .describe("The service is gone.");
export type LiveServiceDeleted = z.infer<typeof LiveServiceDeletedSchema>;

export const LiveServiceStateFrameSchema = z.union([LiveServiceDeletedSchema, LiveServiceStateSchema]);
export type LiveServiceStateFrame = z.infer<typeof LiveServiceStateFrameSchema>;

export const LiveServiceInstancesFrameSchema = z
  .object({ serviceId, instances: z.array(ServiceInstanceSchema).describe("Every instance, as in the service's details.") })
  .describe("The service's instances after a change of any of them (state, restarts, health, serving).");
export type LiveServiceInstancesFrame = z.infer<typeof LiveServiceInstancesFrameSchema>;

export const LiveServiceEventsFrameSchema = z
  .object({ serviceId, events: z.array(ServiceEventSchema).describe("Events not sent before, newest first.") })
  .describe("New entries of the service's event history.");
export type LiveServiceEventsFrame = z.infer<typeof LiveServiceEventsFrameSchema>;
