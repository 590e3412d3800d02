import { z } from "zod";
import type { DeployServiceRequest } from "../deploy-request.ts";
import { findFlavor, type DeployContext } from "./deploy-context.ts";
import type { RuleIssue } from "./rule-issue.ts";

// R17: a service can stop itself after a number of hours; one on a free specification always
// stops after an hour, whatever was asked, because that is what "free" promises.

export const AUTO_STOP_PRESET_HOURS = [1, 2, 4, 6] as const;
export const AUTO_STOP_MIN_HOURS = 1;
export const AUTO_STOP_MAX_HOURS = 24;
export const FREE_SPECIFICATION_STOP_HOURS = 1;

export const AUTO_STOP_MESSAGES = {
  notObject: "Auto stop must be empty (never) or set a number of hours.",
  hours: `Auto stop must be a whole number of hours from ${AUTO_STOP_MIN_HOURS} to ${AUTO_STOP_MAX_HOURS} (1, 2, 4, 6 or custom).`,
  freeSpecification: `Services on a free specification always stop after ${FREE_SPECIFICATION_STOP_HOURS} hour.`,
} as const;

export const AutoStopSchema = z
  .strictObject(
    {
      hours: z
        .int({ error: AUTO_STOP_MESSAGES.hours })
        .min(AUTO_STOP_MIN_HOURS, { error: AUTO_STOP_MESSAGES.hours })
        .max(AUTO_STOP_MAX_HOURS, { error: AUTO_STOP_MESSAGES.hours })
        .describe("Hours after the deploy, start or change at which the service stops itself (1, 2, 4, 6 or 1-24)."),
    },
    { error: AUTO_STOP_MESSAGES.notObject },
  )
  .describe("R17: stop the service by itself after this many hours; null never stops it (except on a free specification).");
export type AutoStop = z.output<typeof AutoStopSchema>;

/** The hours the service really stops after: a free specification caps them at one. */
export function effectiveAutoStopHours(
  request: Pick<DeployServiceRequest, "autoStop" | "configurations">,
  ctx: Pick<DeployContext, "flavors">,
): number | null {
  const onFree = request.configurations.some((c) => findFlavor(ctx as DeployContext, c.flavorId)?.free === true);
  const asked = request.autoStop?.hours ?? null;
  if (!onFree) return asked;
  return asked === null ? FREE_SPECIFICATION_STOP_HOURS : Math.min(asked, FREE_SPECIFICATION_STOP_HOURS);
}

/** The schema checks the range; nothing here can refuse a request, the free cap is applied. */
export function checkAutoStop(_request: DeployServiceRequest, _ctx: DeployContext): RuleIssue[] {
  return [];
}
