import { z } from "zod";
import type { PoolType } from "../catalogue.ts";
import type { DeployServiceRequest } from "../deploy-request.ts";
import { findFlavor, type DeployContext } from "./deploy-context.ts";

// R13: public-pool services are metered by flavor x instances x time; a dedicated pool is metered
// as a whole, so services in it cost nothing extra (seed "Metering calculation").

export const MeteringSubjectSchema = z.enum(["service", "pool"]).describe("What a metering record bills.");
export type MeteringSubject = z.infer<typeof MeteringSubjectSchema>;

export function meteringSubject(poolType: PoolType): MeteringSubject {
  return poolType === "public" ? "service" : "pool";
}

const SECONDS_PER_HOUR = 3600;

/** Cost of `units` nodes for `seconds`, rounded half-up to whole cents; bad inputs meter nothing. */
export function meteredAmountCents(input: { pricePerHourCents: number; units: number; seconds: number }): number {
  const { pricePerHourCents, units, seconds } = input;
  const product = pricePerHourCents * units * seconds;
  if (!Number.isFinite(product) || product <= 0) return 0;
  // Integer numerators round exactly; half a cent is product % 3600 === 1800.
  return Math.floor((product + SECONDS_PER_HOUR / 2) / SECONDS_PER_HOUR);
}

/** The deploy preview's price: what this service adds per hour. */
export function hourlyCostCents(request: DeployServiceRequest, ctx: DeployContext): number {
  if (request.resourcePool.type !== "public") return 0;
  return request.configurations.reduce((sum, c) => {
    const f = findFlavor(ctx, c.flavorId);
    return f ? sum + f.pricePerHourCents * c.computeNodes : sum;
  }, 0);
}

export const MeteringRecordSchema = z
  .object({
    id: z.string(),
    subject: MeteringSubjectSchema,
    serviceId: z.string().nullable().describe("Set when subject is service."),
    serviceName: z.string().nullable(),
    poolId: z.string().nullable().describe("Set when subject is pool."),
    flavorId: z.string(),
    units: z.int().min(0).describe("Instances (service) or nodes (pool) metered."),
    periodStart: z.string().describe("ISO 8601 start of the metered period."),
    periodEnd: z.string().describe("ISO 8601 end of the metered period."),
    seconds: z.int().min(0),
    amountCents: z.int().min(0),
  })
  .describe("Usage of one service or pool over one period.");
export type MeteringRecord = z.infer<typeof MeteringRecordSchema>;

export const MeteringTotalSchema = z.object({
  id: z.string(),
  name: z.string(),
  seconds: z.int().min(0),
  amountCents: z.int().min(0),
});
export type MeteringTotal = z.infer<typeof MeteringTotalSchema>;

export const MeteringSummarySchema = z
  .object({
    from: z.string().nullable().describe("ISO 8601 start of the window, null for all time."),
    to: z.string().nullable().describe("ISO 8601 end of the window, null for now."),
    totalCents: z.int().min(0),
    services: z.array(MeteringTotalSchema).describe("Totals per public-pool service."),
    pools: z.array(MeteringTotalSchema).describe("Totals per dedicated pool."),
    records: z.array(MeteringRecordSchema),
  })
  .describe("Usage read back per service and per pool.");
export type MeteringSummary = z.infer<typeof MeteringSummarySchema>;
