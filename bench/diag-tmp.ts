import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { PrismaPg } from "../packages/db/node_modules/@prisma/adapter-pg/dist/index.mjs";
import { buildApp } from "@rts/api";
import { applyMigrations, PrismaClient, seedDemoData, startEmbeddedPostgres } from "@rts/db";
import { startJobQueue } from "../apps/api/src/jobs/job-queue.ts";
import { seedBenchUsers } from "./seed-bulk-services.ts";
import { listServices, seededRandom, deploy, dryRunDeploy, type DeployUser } from "./scenarios.ts";

import { PerformanceObserver } from "node:perf_hooks";
const gcs: Array<{ at: number; d: number; kind: number }> = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcs.push({ at: e.startTime, d: e.duration, kind: (e as any).detail?.kind }); }).observe({ entryTypes: ["gc"] });
const mode = process.argv[2] ?? "list";
const pgLog: string[] = [];
const noop = () => {};
const logger: any = { level: "trace", trace: (o: any) => { if (o?.postgres) pgLog.push(o.postgres); }, debug: (o: any) => { if (o?.postgres) pgLog.push(o.postgres); }, info: noop, warn: noop, error: console.error, fatal: console.error };
logger.child = () => logger;
const dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-diag-"));
const pgh = await startEmbeddedPostgres({ dataDir, logger, persistent: false });
try {
  await pgh.createDatabase("bench");
  const url = pgh.databaseUrl("bench");
  await applyMigrations(url);
  let queries: string[] = [];
  let capture = false;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }), ...(process.env.QLOG ? { log: [{ emit: "event", level: "query" }] } : {}) } as any);
  (prisma as any).$on("query", (e: any) => { if (capture) queries.push(`${e.duration}ms ${e.query.slice(0, 300)}`); });
  await seedDemoData(prisma);
  const jobs = await startJobQueue(url, logger);
  const app = await buildApp({ prisma, jobs, cookieSecure: false });
  const server: number[] = [];
  app.addHook("onResponse", async (_req, reply) => { server.push(reply.elapsedTime); });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const users = await seedBenchUsers(prisma, { prefix: "bench", users: 500, servicesPerUser: 20, quota: { vcpuLimit: 1000, memoryGiBLimit: 4000, gpuLimit: 10 } });
  const r = seededRandom(1);
  const pick = () => users[Math.floor(r() * users.length)]!;
  if (mode === "list") {
    capture = true; await listServices(base, pick()); capture = false;
    console.log("QUERIES per list:\n" + queries.join("\n")); queries = [];
    for (let i = 0; i < 300; i++) await listServices(base, pick());
    server.length = 0;
    const client: Array<[number, number]> = [];
    const { Session } = await import("node:inspector/promises");
    const session = new Session(); session.connect();
    await session.post("HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as any);
    const t0 = performance.now(); gcs.length = 0;
    for (let i = 0; i < 2000; i++) { const s = performance.now(); await listServices(base, pick()); client.push([s - t0, performance.now() - s]); }
    const { profile } = (await session.post("HeapProfiler.stopSampling")) as any;
    const byUrl = new Map<string, number>(); const byFn = new Map<string, number>();
    const walk = (n: any, stack: string[]) => {
      const fr = `${n.callFrame.functionName || "(anon)"} ${String(n.callFrame.url).replace(/.*node_modules\//, "").slice(-70)}:${n.callFrame.lineNumber}`;
      const st = [...stack, fr];
      if (n.selfSize) {
        const pkg = st.map((f) => f.match(/\.pnpm\/([^/]+)/)?.[1] ?? (f.includes("/work/main/") ? f.replace(/.*\/work\/main\//, "").split(":")[0] : null)).filter(Boolean);
        const inner = st.slice().reverse().find((f) => /\.(js|ts|mjs|cjs):/.test(f)) ?? "(native/unknown)";
        const key = inner.includes("@prisma") ? "@prisma" : inner.includes("pg-protocol") || / pg\//.test(inner) || inner.includes("pg-pool") ? "pg" : inner.includes("fastify") || inner.includes("zod") || inner.includes("find-my-way") || inner.includes("light-my") ? "fastify/zod" : inner.includes("undici") || inner.includes("node:internal/deps") ? "undici(fetch)" : inner.includes("/work/main/bench") ? "bench client" : inner.includes("/work/main/") ? "app code" : inner.includes("node:") ? "node internals" : inner.split(" ").slice(1).join(" ").slice(0, 50);
        byUrl.set(key, (byUrl.get(key) ?? 0) + n.selfSize);
        byFn.set(fr, (byFn.get(fr) ?? 0) + n.selfSize);
      }
      for (const c of n.children) walk(c, st);
    };
    walk(profile.head, []);
    const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([k, v]) => `${(v / 2000 / 1024).toFixed(1)} KB/req  ${k}`).join("\n");
    console.log("BY PACKAGE (innermost 3)\n" + top(byUrl)); console.log("BY FUNCTION\n" + top(byFn));
    const slow = client.map((c, i) => ({ at: c[0].toFixed(0), client: c[1].toFixed(1), server: server[i]!.toFixed(1) })).filter((x) => Number(x.client) > 20);
    console.log("slow count", slow.length); console.log(JSON.stringify(slow.slice(0, 25)));
    const big = gcs.filter((g) => g.d > 5); console.log("gc events", gcs.length, "total ms", gcs.reduce((a, g) => a + g.d, 0).toFixed(0), ">5ms:", JSON.stringify(big.map((g) => [(g.at - t0).toFixed(0), g.d.toFixed(1), g.kind])));
    const ss = [...server].sort((a, b) => a - b); console.log("server p50", ss[1000], "p99", ss[1980]);
  } else {
    const dep = await seedBenchUsers(prisma, { prefix: "deployer", users: 10, servicesPerUser: 0, quota: { vcpuLimit: 1000, memoryGiBLimit: 4000, gpuLimit: 10 } });
    const versions = await prisma.aiApplicationVersion.findMany({ where: { application: { ownerId: { in: dep.map((u) => u.id) } } }, include: { application: true } });
    const du: DeployUser[] = dep.map((u) => ({ ...u, versionId: versions.find((v) => v.application.ownerId === u.id)!.id }));
    for (let i = 0; i < 20; i++) { await dryRunDeploy(base, du[i % 10]!, `w-${i}`); await deploy(base, du[i % 10]!, `w-${i}`); }
    capture = true; await dryRunDeploy(base, du[0]!, "x-1"); console.log("QUERIES dry-run:\n" + queries.join("\n")); queries = [];
    await deploy(base, du[0]!, "x-1"); capture = false; console.log("QUERIES deploy:\n" + queries.join("\n"));
  }
  await app.close(); await jobs.stop(); await prisma.$disconnect();
} finally { await pgh.stop(); await rm(dataDir, { recursive: true, force: true }); }
