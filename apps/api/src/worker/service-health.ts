// The state a service that should run is in, from its instances (DESIGN.md "Service states").
import type { ServiceState } from "@rts/db";

export type RunningState = Extract<ServiceState, "Running" | "Concerning" | "Abnormal">;

export function stateFromInstances(healthy: number, total: number): RunningState {
  if (total > 0 && healthy === total) return "Running";
  return healthy === 0 ? "Abnormal" : "Concerning";
}

export function healthSummary(healthy: number, total: number): string {
  if (healthy === total) return `All ${total} instance${total === 1 ? " is" : "s are"} healthy.`;
  if (healthy === 0) return `None of the ${total} instances is healthy; they are being restarted.`;
  return `${healthy} of ${total} instances are healthy; the others are being restarted.`;
}

/** A deploy's progress: "Starting: 1 of 2 instances healthy." */
export function startingSummary(healthy: number, total: number): string {
  return `Starting: ${healthy} of ${total} ${total === 1 ? "instance" : "instances"} healthy.`;
}
