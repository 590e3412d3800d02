import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, pools, validDeployRequest, versions } from "../testing/index.ts";
import { MeteringRecordSchema, hourlyCostCents, meteredAmountCents, meteringSubject } from "./r13-metering.ts";

const ctx = fixtureContext();

describe("R13 metering", () => {
  it("R13 meters public-pool services per service and dedicated pools per pool", () => {
    expect(meteringSubject("public")).toBe("service");
    expect(meteringSubject("dedicated")).toBe("pool");
  });

  it("R13 charges flavor price x instances x time, rounded half-up to whole cents", () => {
    expect(meteredAmountCents({ pricePerHourCents: 12, units: 2, seconds: 3600 })).toBe(24);
    // 12 x 1 x 150 / 3600 = 0.5 cent -> 1
    expect(meteredAmountCents({ pricePerHourCents: 12, units: 1, seconds: 150 })).toBe(1);
    // 0.4999.. -> 0
    expect(meteredAmountCents({ pricePerHourCents: 12, units: 1, seconds: 149 })).toBe(0);
  });

  it("R13 charges nothing for no time, no units, a free flavor or nonsense input", () => {
    expect(meteredAmountCents({ pricePerHourCents: 0, units: 3, seconds: 3600 })).toBe(0);
    expect(meteredAmountCents({ pricePerHourCents: 10, units: 0, seconds: 3600 })).toBe(0);
    expect(meteredAmountCents({ pricePerHourCents: 10, units: 1, seconds: -5 })).toBe(0);
    expect(meteredAmountCents({ pricePerHourCents: Number.NaN, units: 1, seconds: 5 })).toBe(0);
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
      units: 1, periodStart: "2025-01-01T00:00:00.000Z", periodEnd: "2025-01-01T01:00:00.000Z", seconds: 3600, amountCents: 12,
    };
    expect(MeteringRecordSchema.safeParse(record).success).toBe(true);
    expect(MeteringRecordSchema.safeParse({ ...record, subject: "user" }).success).toBe(false);
  });
});
