// The health schedule, on fake timers: when checks go out, not what they find (the HTTP check has
// its own tests, and the deploy worker's tests run the schedule against real model servers).
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RuntimeDriver } from "../runtime/runtime-driver.ts";
import { HealthMonitor, type HealthPeriods, type WatchedInstance } from "./health-monitor.ts";

const periods: HealthPeriods = { startingMs: 100, healthyMs: 4_000, unhealthyMs: 500 };

function instance(i: number, state: WatchedInstance["state"]): WatchedInstance {
  return { instanceId: `i${i}`, serviceId: "s", host: "127.0.0.1", port: 9000 + i, healthPath: "/health", startedAt: new Date(0), state, lastCheck: null };
}

function monitorRecording(checks: Array<{ id: string; at: number }>): HealthMonitor {
  const driver = {
    async checkHealth(target: WatchedInstance) {
      checks.push({ id: target.instanceId, at: Date.now() });
      return { healthy: true, detail: "GET /health answered 200" };
    },
  } as unknown as RuntimeDriver;
  return new HealthMonitor({ driver, periods, onChange: async () => undefined, onError: () => undefined });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the health schedule", () => {
  it("checks healthy instances on shared half-second slots, never later than the period, each about once a period", async () => {
    vi.useFakeTimers({ now: 1_000_123 });
    const checks: Array<{ id: string; at: number }> = [];
    const monitor = monitorRecording(checks);
    for (let i = 0; i < 50; i++) monitor.watch(instance(i, "Healthy"));
    await vi.advanceTimersByTimeAsync(20_000);
    monitor.close();

    expect(new Set(checks.map((c) => c.at % 500))).toEqual(new Set([0]));
    for (let i = 0; i < 50; i++) {
      const times = checks.filter((c) => c.id === `i${i}`).map((c) => c.at);
      expect(times[0]! - 1_000_123).toBeLessThanOrEqual(periods.healthyMs);
      const gaps = times.slice(1).map((at, k) => at - times[k]!);
      expect(gaps.length).toBeGreaterThanOrEqual(4);
      for (const gap of gaps) expect(gap).toBeGreaterThan(periods.healthyMs - 500);
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(periods.healthyMs);
    }
  });

  it("checks a starting instance every startingMs, off the slots, so a deploy is Running soon after its server answers", async () => {
    vi.useFakeTimers({ now: 2_000_037 });
    const checks: Array<{ id: string; at: number }> = [];
    const driver = {
      async checkHealth(target: WatchedInstance) {
        checks.push({ id: target.instanceId, at: Date.now() });
        return { healthy: false, detail: "GET /health: connection refused (nothing listening on the port yet)", unreachable: true };
      },
    } as unknown as RuntimeDriver;
    const monitor = new HealthMonitor({ driver, periods, onChange: async () => undefined, onError: () => undefined });
    monitor.watch(instance(1, "Starting"));
    await vi.advanceTimersByTimeAsync(1_000);
    monitor.close();
    expect(checks.map((c) => c.at - 2_000_037)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
  });
});
