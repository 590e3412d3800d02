import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "../testing/index.ts";
import { MeteringRecordSchema, hourlyCostCents, meteringSubject, priceUsage, unitMilliseconds } from "./r13-metering.ts";

const ctx = fixtureContext();

describe("R13 metering", () => {
  it("R13 meters public-pool services per service and dedicated pools per pool", () => {
    expect(meteringSubject("public")).toBe("service");
    expect(meteringSubject("dedicated")).toBe("pool");
  });

  it("R13 charges flavor price x instances x time, rounded half-up to whole cents", () => {
    expect(priceUsage([{ pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(2, 3_600_000) }])).toEqual({
      amountCents: 24,
      amountMicroCents: 24_000_000,
    });
    // 12 x 1 x 150 s / 3600 = 0.5 cent -> 1
    expect(priceUsage([{ pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(1, 150_000) }]).amountCents).toBe(1);
    // 0.4999.. -> 0 cents, but the amount itself is kept
    expect(priceUsage([{ pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(1, 149_999) }])).toEqual({
      amountCents: 0,
      amountMicroCents: 499_997,
    });
  });

  it("R13 keeps a one-minute record of a $0.12/h flavor: 0.2 cent, not nothing", () => {
    expect(priceUsage([{ pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(1, 60_000) }])).toEqual({
      amountCents: 0,
      amountMicroCents: 200_000,
    });
  });

  it("R13 sums records exactly and rounds once, never per record", () => {
    // A millisecond at one cent per hour is 0.277.. micro-cent: each record alone rounds to 0.
    const parts = Array.from({ length: 3_000 }, () => ({ pricePerHourCents: 1, unitMilliseconds: 1n }));
    expect(priceUsage(parts)).toEqual({ amountCents: 0, amountMicroCents: 833 });
    // 23 minutes of cpu.2u8g in 60-second records is 4.6 cents, where per-record cents made 0.
    const minutes = Array.from({ length: 23 }, () => ({ pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(1, 60_000) }));
    expect(priceUsage(minutes)).toEqual({ amountCents: 5, amountMicroCents: 4_600_000 });
  });

  it("R13 sums usage recorded at different prices", () => {
    expect(
      priceUsage([
        { pricePerHourCents: 12, unitMilliseconds: unitMilliseconds(1, 1_800_000) },
        { pricePerHourCents: 48, unitMilliseconds: unitMilliseconds(4, 900_000) },
      ]),
    ).toEqual({ amountCents: 6 + 48, amountMicroCents: 54_000_000 });
  });

  it("R13 charges nothing for no time, no units, a free flavor or nonsense input", () => {
    expect(priceUsage([{ pricePerHourCents: 0, unitMilliseconds: unitMilliseconds(3, 3_600_000) }]).amountMicroCents).toBe(0);
    expect(unitMilliseconds(0, 3_600_000)).toBe(0n);
    expect(unitMilliseconds(1, -5_000)).toBe(0n);
    expect(unitMilliseconds(1, 0.5)).toBe(0n);
    expect(priceUsage([{ pricePerHourCents: Number.NaN, unitMilliseconds: 5_000n }]).amountMicroCents).toBe(0);
    expect(priceUsage([{ pricePerHourCents: 12, unitMilliseconds: -5_000n }]).amountMicroCents).toBe(0);
    expect(priceUsage([])).toEqual({ amountCents: 0, amountMicroCents: 0 });
  });

  it("R13 previews the hourly cost of a public service and zero in a dedicated pool", () => {
    const req = validDeployRequest({
      configurations: [
        { versionId: versions.digitsV1.id, trafficRatio: 50, flavorId: flavors.cpu2.id, computeNodes: 2, envVars: [] },
        { versionId: versions.digitsV2.id, trafficRatio: 50, flavorId: flavors.gpu1.id, computeNodes: 1, envVars: [] },
      ],
    });
    expect(hourlyCostCents(req, ctx)).toBe(12 * 2 + 250);
    const dedicated = validDeployRequest({ resourcePool: { type: "dedicated", poolIds: [pools.newA.id] } });
    expect(hourlyCostCents(dedicated, ctx)).toBe(0);
  });

  it("R13 refuses a malformed metering record", () => {
    const record = {
      id: "m1", subject: "service", serviceId: "s1", serviceName: "svc", poolId: null, flavorId: flavors.cpu2.id,
      units: 1, periodStart: "2025-01-01T00:00:00.000Z", periodEnd: "2025-01-01T01:00:00.000Z", seconds: 3600, milliseconds: 3_600_000,
      unitMilliseconds: 3_600_000, pricePerHourCents: 12, amountCents: 12, amountMicroCents: 12_000_000,
    };
    expect(MeteringRecordSchema.safeParse(record).success).toBe(true);
    expect(MeteringRecordSchema.safeParse({ ...record, subject: "user" }).success).toBe(false);
    expect(MeteringRecordSchema.safeParse({ ...record, amountMicroCents: 0.5 }).success).toBe(false);
  });
});
