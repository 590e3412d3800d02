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

const MILLISECONDS_PER_HOUR = 3_600_000n;
const MICRO_CENTS_PER_CENT = 1_000_000n;

/**
 * What a record bills: instance-milliseconds for a service, node-milliseconds for a pool. Usage is
 * kept exact and priced only when read, because a minute of a $0.12/h flavor is 0.2 cent: rounding
 * each record to cents would meter it as nothing, forever.
 */
export function unitMilliseconds(units: number, milliseconds: number): bigint {
  if (!Number.isSafeInteger(units) || !Number.isSafeInteger(milliseconds) || units <= 0 || milliseconds <= 0) return 0n;
  return BigInt(units) * BigInt(milliseconds);
}

export interface MeteredUsage {
  pricePerHourCents: number;
  unitMilliseconds: bigint;
}

export interface MeteredAmount {
  amountCents: number;
  amountMicroCents: number;
}

/**
 * The cost of usage at the prices it was recorded with, summed exactly (in units of 1/3,600,000
 * cent: one millisecond at one cent per hour) and rounded once, half-up, to cents and to
 * millionths of a cent. Bad prices or usage meter nothing.
 */
export function priceUsage(parts: Iterable<MeteredUsage>): MeteredAmount {
  let exact = 0n;
  for (const { pricePerHourCents, unitMilliseconds: usage } of parts) {
    if (!Number.isSafeInteger(pricePerHourCents) || pricePerHourCents <= 0 || usage <= 0n) continue;
    exact += BigInt(pricePerHourCents) * usage;
  }
  return {
    amountCents: Number(roundHalfUp(exact, MILLISECONDS_PER_HOUR)),
    amountMicroCents: Number(roundHalfUp(exact * MICRO_CENTS_PER_CENT, MILLISECONDS_PER_HOUR)),
  };
}

function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator / 2n) / denominator;
}

/** The deploy preview's price: what this service adds per hour. */
export function hourlyCostCents(request: DeployServiceRequest, ctx: DeployContext): number {
  if (request.resourcePool.type !== "public") return 0;
  return request.configurations.reduce((sum, c) => {
    const f = findFlavor(ctx, c.flavorId);
    return f ? sum + f.pricePerHourCents * c.computeNodes : sum;
  }, 0);
}

const exactMilliseconds = z.int().min(0).describe("Exact metered time in milliseconds.");
const exactUnitMilliseconds = z
  .int()
  .min(0)
  .describe("Exact usage: instance-milliseconds (service) or node-milliseconds (pool).");
const wholeSeconds = z.int().min(0).describe("Metered time rounded to whole seconds; milliseconds is exact.");
const roundedCents = z.int().min(0).describe("The exact amount rounded half-up to whole cents, for display.");
const exactMicroCents = z
  .int()
  .min(0)
  .describe("The exact amount in millionths of a cent (rounded half-up once, after summing exactly).");

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
    seconds: wholeSeconds,
    milliseconds: exactMilliseconds,
    unitMilliseconds: exactUnitMilliseconds,
    pricePerHourCents: z.int().min(0).describe("The flavor's price per unit and hour when metered."),
    amountCents: roundedCents,
    amountMicroCents: exactMicroCents,
  })
  .describe("Usage of one service or pool over one period.");
export type MeteringRecord = z.infer<typeof MeteringRecordSchema>;

export const MeteringTotalSchema = z.object({
  id: z.string(),
  name: z.string(),
  seconds: wholeSeconds,
  milliseconds: exactMilliseconds,
  unitMilliseconds: exactUnitMilliseconds,
  amountCents: roundedCents,
  amountMicroCents: exactMicroCents,
});
export type MeteringTotal = z.infer<typeof MeteringTotalSchema>;

export const MeteringSummarySchema = z
  .object({
    from: z.string().nullable().describe("ISO 8601 start of the window, null for all time."),
    to: z.string().nullable().describe("ISO 8601 end of the window, null for now."),
    totalCents: roundedCents,
    totalMicroCents: exactMicroCents,
    services: z.array(MeteringTotalSchema).describe("Totals per public-pool service."),
    pools: z.array(MeteringTotalSchema).describe("Totals per dedicated pool."),
    records: z.array(MeteringRecordSchema),
  })
  .describe("Usage read back per service and per pool; every amount is summed exactly and rounded once.");
export type MeteringSummary = z.infer<typeof MeteringSummarySchema>;
