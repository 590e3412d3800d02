import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("configuration", () => {
  it("gives the worker its resync and metering periods, 30 s and 60 s unless set", () => {
    expect(readConfig({}).worker).toEqual({ resyncIntervalMs: 30_000, meteringIntervalMs: 60_000 });
    expect(readConfig({ RESYNC_INTERVAL_SECONDS: "45", METERING_INTERVAL_SECONDS: "" }).worker).toEqual({ resyncIntervalMs: 45_000, meteringIntervalMs: 60_000 });
  });

  it("refuses a period that is not a whole number of seconds from 1 to 3600, naming every bad variable at once", () => {
    expect(() => readConfig({ RESYNC_INTERVAL_SECONDS: "soon", METERING_INTERVAL_SECONDS: "0" })).toThrow(
      /^Invalid configuration: METERING_INTERVAL_SECONDS: .*; RESYNC_INTERVAL_SECONDS: /,
    );
  });
});
