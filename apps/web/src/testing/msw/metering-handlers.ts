// MSW handlers and fixtures for metered usage (R13): one service's records and totals, and the
// user's totals per pool. Amounts come from the shared rule (priceUsage), like the real API, so a
// story's "$0.05" is what the API would answer for the same usage.
import { priceUsage, unitMilliseconds, type MeteringRecord, type MeteringSummary, type MeteringTotal } from "@rts/contracts";
import { HttpResponse, http, type AnyHandler } from "msw";
import { flavors } from "./fixtures.ts";
import { MODIFY_SERVICE_ID } from "./service-fixtures.ts";

const METERED_FROM = Date.parse("2025-05-01T10:00:00.000Z");

type Usage = { units: number; milliseconds: number; pricePerHourCents: number };

function amount(usage: Usage[]) {
  const priced = priceUsage(usage.map((u) => ({ pricePerHourCents: u.pricePerHourCents, unitMilliseconds: unitMilliseconds(u.units, u.milliseconds) })));
  return { cents: priced.amountCents, microCents: priced.amountMicroCents };
}

/** `count` back-to-back records of `milliseconds` each, for digits-service on the public pool, newest first. */
export function serviceRecords(count: number, milliseconds: number, units = 1): MeteringRecord[] {
  const pricePerHourCents = flavors.cpu2.pricePerHourCents;
  return Array.from({ length: count }, (_, i) => {
    const start = METERED_FROM + i * milliseconds;
    const { cents, microCents } = amount([{ units, milliseconds, pricePerHourCents }]);
    return {
      id: `m${i + 1}`,
      subject: "service" as const,
      serviceId: MODIFY_SERVICE_ID,
      serviceName: "digits-service",
      poolId: null,
      flavorId: flavors.cpu2.id,
      units,
      periodStart: new Date(start).toISOString(),
      periodEnd: new Date(start + milliseconds).toISOString(),
      seconds: Math.round(milliseconds / 1000),
      milliseconds,
      unitMilliseconds: units * milliseconds,
      pricePerHourCents,
      amountCents: cents,
      amountMicroCents: microCents,
    };
  }).reverse();
}

function total(id: string, name: string, usage: Usage[]): MeteringTotal {
  const milliseconds = usage.reduce((sum, u) => sum + u.milliseconds, 0);
  const { cents, microCents } = amount(usage);
  return {
    id,
    name,
    seconds: Math.round(milliseconds / 1000),
    milliseconds,
    unitMilliseconds: usage.reduce((sum, u) => sum + u.units * u.milliseconds, 0),
    amountCents: cents,
    amountMicroCents: microCents,
  };
}

/** A summary whose totals are summed exactly over the records, as the API sums them. */
export function serviceMetering(records: MeteringRecord[]): MeteringSummary {
  const usage = records.map((r) => ({ units: r.units, milliseconds: r.milliseconds, pricePerHourCents: r.pricePerHourCents }));
  const service = total(MODIFY_SERVICE_ID, "digits-service", usage);
  return {
    from: null,
    to: null,
    totalCents: service.amountCents,
    totalMicroCents: service.amountMicroCents,
    services: records.length > 0 ? [service] : [],
    pools: [],
    records,
  };
}

/** Totals only (GET /api/v1/metering?limit=0) for dedicated pools that ran `usage`. */
export function poolTotals(usage: Array<{ pool: { id: string; name: string }; nodes: number; milliseconds: number }>): MeteringSummary {
  const price = flavors.cpu8.pricePerHourCents;
  const parts = usage.map((u) => ({ units: u.nodes, milliseconds: u.milliseconds, pricePerHourCents: price }));
  const all = amount(parts);
  return {
    from: null,
    to: null,
    totalCents: all.cents,
    totalMicroCents: all.microCents,
    services: [],
    pools: usage.map((u, i) => total(u.pool.id, u.pool.name, [parts[i]!])),
    records: [],
  };
}

export function meteringHandlers(options: { service?: MeteringSummary; totals?: MeteringSummary }): AnyHandler[] {
  return [
    http.get("*/api/v1/services/:serviceId/metering", () => HttpResponse.json(options.service ?? serviceMetering([]))),
    http.get("*/api/v1/metering", () => HttpResponse.json(options.totals ?? poolTotals([]))),
  ];
}
