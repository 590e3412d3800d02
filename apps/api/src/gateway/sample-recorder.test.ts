// Data collection's write path and read-back against the real PostgreSQL: a row the database
// refuses is dropped and counted without blocking the rest, the buffer and the per-service store
// are bounded, and reads come a page at a time.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLES_PAGE_DEFAULT, SAMPLES_QUERY_MESSAGES } from "@rts/contracts";
import { createPrismaClient } from "@rts/db";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import type { PendingSample } from "./data-collection.ts";
import { DEFAULT_SAMPLE_LIMITS, SampleRecorder, type SampleLimits, type SampleLossReason } from "./sample-recorder.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

async function newService(): Promise<string> {
  const response = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue) });
  expect(response.statusCode, response.body).toBe(202);
  return response.json().id as string;
}

let clock = Date.parse("2026-01-01T00:00:00.000Z");
function sample(serviceId: string, request: unknown, response: unknown = { label: "ok" }): PendingSample {
  clock += 1000;
  return {
    serviceId,
    versionId: catalogue.versions["text-classifier@1.0.0"]!,
    at: new Date(clock),
    request,
    response,
    statusCode: 200,
    latencyMs: 5,
    expiresAt: new Date(Date.now() + 86_400_000),
  };
}

function recorder(limits: Partial<SampleLimits> = {}, prisma = t.db.prisma) {
  const losses: Partial<Record<SampleLossReason, number>> = {};
  const r = new SampleRecorder(prisma, { ...DEFAULT_SAMPLE_LIMITS, ...limits }, (reason, count) => {
    losses[reason] = (losses[reason] ?? 0) + count;
  });
  return { r, losses };
}

async function storedTexts(serviceId: string): Promise<string[]> {
  const rows = await t.db.prisma.dataCollectionSample.findMany({ where: { serviceId }, orderBy: { at: "asc" } });
  return rows.map((row) => (row.request as { text: string }).text);
}

describe("S14 data collection survives rows the database refuses", () => {
  it("S14 a NUL or an unpaired surrogate in one sample drops that sample, counted, and every other one is stored", async () => {
    const id = await newService();
    const { r, losses } = recorder();
    r.add(sample(id, { text: "first" }));
    r.add(sample(id, { text: "nul \u0000 inside" }));
    r.add(sample(id, { text: "second" }));
    r.add(sample(id, { text: "ok" }, { label: "half \uD800" }));
    r.add(sample(id, { ["key\u0000"]: 1, text: "bad key" }));
    r.add(sample(id, { text: "third" }));
    await r.flush();
    expect(await storedTexts(id)).toEqual(["first", "second", "third"]);
    expect(losses).toEqual({ refused: 3 });
    expect(r.size).toBe(0);
    // Nothing is left to block the next flush.
    r.add(sample(id, { text: "fourth" }));
    await r.flush();
    expect(await storedTexts(id)).toEqual(["first", "second", "third", "fourth"]);
  });
});

describe("S15 the write buffer is bounded", () => {
  it("S15 drops the oldest waiting samples past the count or byte bound, counted", async () => {
    const id = await newService();
    const { r, losses } = recorder({ bufferMaxSamples: 5 });
    for (let i = 0; i < 8; i++) r.add(sample(id, { text: `n${i}` }));
    expect(r.size).toBe(5);
    expect(losses).toEqual({ buffer_full: 3 });
    await r.flush();
    expect(await storedTexts(id)).toEqual(["n3", "n4", "n5", "n6", "n7"]);

    const bytes = recorder({ bufferMaxBytes: 3_000 });
    for (let i = 0; i < 10; i++) bytes.r.add(sample(id, { text: "x".repeat(900) }));
    expect(bytes.r.size).toBeLessThanOrEqual(3);
    expect(bytes.losses.buffer_full).toBe(10 - bytes.r.size);
  });

  it("S15 keeps samples through a database outage, still bounded, and says why without their content", async () => {
    const id = await newService();
    const down = createPrismaClient("postgresql://nobody:nothing@127.0.0.1:1/none", 1);
    try {
      const { r, losses } = recorder({ bufferMaxSamples: 4 }, down);
      for (let i = 0; i < 3; i++) r.add(sample(id, { text: `secret-body-${i}` }));
      const failure = await r.flush().then(() => null, (error: unknown) => error as Error);
      expect(failure?.name).toBe("SampleWriteError");
      expect(failure?.message).not.toContain("secret-body");
      expect(r.size).toBe(3);
      for (let i = 3; i < 6; i++) r.add(sample(id, { text: `secret-body-${i}` }));
      expect(r.size).toBe(4);
      expect(losses).toEqual({ buffer_full: 2 });
    } finally {
      await down.$disconnect();
    }
  });
});

describe("S16 samples are capped per service", () => {
  it("S16 keeps the newest samples within the count cap and the byte cap, pruning the oldest, counted", async () => {
    const id = await newService();
    const other = await newService();
    const { r, losses } = recorder({ maxSamplesPerService: 5 });
    for (let i = 0; i < 8; i++) r.add(sample(id, { text: `c${i}` }));
    r.add(sample(other, { text: "untouched" }));
    await r.flush();
    expect(await storedTexts(id)).toEqual(["c3", "c4", "c5", "c6", "c7"]);
    expect(await storedTexts(other)).toEqual(["untouched"]);
    expect(losses).toEqual({ over_cap: 3 });

    const big = await newService();
    const bytes = recorder({ maxBytesPerService: 40_000 });
    // Random text does not compress, so each sample takes about 10 kB on disk.
    const random = () => Array.from({ length: 10_000 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join("");
    for (let i = 0; i < 8; i++) bytes.r.add(sample(big, { text: `b${i}`, filler: random() }));
    await bytes.r.flush();
    const kept = await storedTexts(big);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThanOrEqual(4);
    expect(kept.at(-1)).toBe("b7");
    expect(bytes.losses.over_cap).toBe(8 - kept.length);
  });
});

describe("S17 samples are read a page at a time", () => {
  it("S17 pages newest first with a small default page, a cursor, a maximum page and refusal of a forged cursor", async () => {
    const id = await newService();
    await t.db.prisma.service.update({ where: { id }, data: { dataCollectionEnabled: true, samplingPercent: 100, retentionDays: 7 } });
    const { r } = recorder();
    for (let i = 0; i < 45; i++) r.add(sample(id, { text: `p${i}` }));
    await r.flush();
    const read = (query: string) => t.app.inject({ method: "GET", url: `/api/v1/services/${id}/samples${query}`, headers: { cookie: alice } });

    const first = await read("");
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items).toHaveLength(SAMPLES_PAGE_DEFAULT);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await read(`?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.statusCode, page.body).toBe(200);
      seen.push(...page.json().items.map((s: { request: { text: string } }) => s.request.text));
      cursor = page.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `p${44 - i}`));

    for (const [query, path, message] of [
      ["?limit=101", "limit", SAMPLES_QUERY_MESSAGES.limit],
      ["?limit=0", "limit", SAMPLES_QUERY_MESSAGES.limit],
      ["?cursor=not-a-cursor", "cursor", SAMPLES_QUERY_MESSAGES.cursor],
    ] as const) {
      const refused = await read(query);
      expect(refused.statusCode, query).toBe(422);
      expect(refused.json().errors).toEqual([expect.objectContaining({ path, message })]);
    }
  });
});
