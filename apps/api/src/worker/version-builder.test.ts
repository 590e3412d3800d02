// Bringing one's own model, end to end on local processes: a package uploaded through the API is
// built by the worker's durable job (Building -> Normal, or Failed with the reason and the events
// that led there), deployed, and called through the gateway. Hostile archives leave nothing behind.
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, createTestApp, demoCatalogue, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { aiApplicationCalls, type AiApplicationCalls } from "../testing/ai-application-calls.ts";
import { rawZip, tarGz, type TarEntry } from "../modules/model-artifacts/test-archives.ts";
import { scalingPackage } from "../testing/model-packages.ts";
import { waitFor } from "../testing/wait-for.ts";
import { VERSION_BUILD_QUEUE } from "../jobs/job-queue.ts";
import type { DeployWorker } from "./deploy-worker.ts";

let t: TestApp;
let cookie: string;
let token: string;
let catalogue: DemoCatalogue;
let worker: DeployWorker;
let calls: AiApplicationCalls;

beforeAll(async () => {
  t = await createTestApp();
  cookie = await login(t.app, "alice");
  calls = aiApplicationCalls(t, cookie);
  catalogue = await demoCatalogue(t.db, "alice");
  token = (await createApiToken(t.app, cookie, "byom")).token;
  worker = await startTestWorker(t, { versionBuilds: { dataDir: t.dataDir, artifacts: t.artifactStore, sweepIntervalMs: 500, readyWithinMs: 15_000 } });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
});

const newApplication = () => calls.create();
const uploadVersion = (applicationId: string, file: Buffer, fileName: string, version?: string) => calls.upload(applicationId, file, fileName, version);
const builtVersion = (applicationId: string, versionId: string) => calls.built(applicationId, versionId, 60_000);
const events = (applicationId: string, versionId: string) => calls.events(applicationId, versionId);
const zipEntries = (entries: TarEntry[]) => entries.map((entry) => ({ name: entry.name, content: Buffer.from(entry.content ?? "") }));

/** Files anywhere under the data folder that belong to the version (its upload, its unpacked tree). */
async function leftovers(versionId: string): Promise<string[]> {
  const entries = await readdir(t.dataDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => `${entry.parentPath}/${entry.name}`).filter((file) => file.includes(versionId));
}

describe("model package with its own server", () => {
  it("R5 is Building, then Normal; deploys and answers through the gateway", async () => {
    const applicationId = await newApplication();
    const uploaded = await uploadVersion(applicationId, await tarGz(scalingPackage()), "scaling.tar.gz");
    expect(uploaded.state).toBe("Building");

    const version = await builtVersion(applicationId, uploaded.id);
    expect(version, JSON.stringify(version)).toMatchObject({ state: "Normal", runtime: "custom", protocol: "rts-json", exampleRequest: { x: [1, 2, 3] } });
    expect(version.builtAt).toEqual(expect.any(String));
    expect((await events(applicationId, uploaded.id)).map((e) => e.type)).toEqual(["received", "checking", "unpacked", "normal"]);
    expect((await events(applicationId, uploaded.id))[2]!.message).toMatch(/^Unpacked 3 files, /);

    const serviceId = (await calls.deploy(catalogue, uploaded.id)).id;
    const answer = await t.app.inject({ method: "POST", url: `/v1/infers/${serviceId}`, headers: { authorization: `Bearer ${token}` }, payload: { x: [1, 2, 3] } });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ y: 15, version: "1.0.0" });
  });

  it("a zip package builds the same way", async () => {
    const applicationId = await newApplication();
    const uploaded = await uploadVersion(applicationId, rawZip(zipEntries(scalingPackage())), "scaling.zip");
    expect((await builtVersion(applicationId, uploaded.id)).state).toBe("Normal");
  });
});

describe("broken packages end Failed with the reason", () => {
  const cases: Array<[string, TarEntry[], RegExp]> = [
    ["the manifest names a missing entry", scalingPackage({ "rts-model.json": JSON.stringify({ runtime: "custom", entry: "main.mjs" }) }), /rts-model\.json: entry: "main\.mjs" is not in the package/],
    ["the manifest is not JSON", scalingPackage({ "rts-model.json": "{ runtime: custom" }), /rts-model\.json/],
    ["the server exits at start", scalingPackage({ "server.mjs": 'console.error("weights.bin is missing"); process.exit(3);' }), /exited with code 3[\s\S]*weights\.bin is missing/],
  ];
  for (const [what, entries, reason] of cases) {
    it(`R15 ${what}`, async () => {
      const applicationId = await newApplication();
      const uploaded = await uploadVersion(applicationId, await tarGz(entries), "broken.tar.gz");
      const version = await builtVersion(applicationId, uploaded.id);
      expect(version.state).toBe("Failed");
      expect(version.stateReason).toMatch(reason);
      const history = await events(applicationId, uploaded.id);
      expect(history.at(-1)).toMatchObject({ type: "failed", message: version.stateReason });
      await waitFor("nothing left", async () => (await leftovers(uploaded.id)).length === 0, 10_000);
    });
  }
});

describe("hostile archives are refused and leave nothing behind", () => {
  const server = scalingPackage();
  const hostile: Array<[string, () => Promise<Buffer>, string]> = [
    ["S54 zip-slip (../)", () => tarGz([...server, { name: "../../escaped.mjs", content: "x" }]), ".tar.gz"],
    ["S55 an absolute path", () => tarGz([...server, { name: "/tmp/absolute.mjs", content: "x" }]), ".tar.gz"],
    ["S56 a symlink", () => tarGz([...server, { name: "passwd", type: "symlink", linkname: "/etc/passwd" }]), ".tar.gz"],
    ["S57 a device file", () => tarGz([...server, { name: "null", type: "character-device" }]), ".tar.gz"],
    ["S58 a zip symlink", async () => rawZip([...zipEntries(server), { name: "link", content: Buffer.from("/etc/passwd"), mode: 0o120777 }]), ".zip"],
    ["S59 a zip-slip zip", async () => rawZip([...zipEntries(server), { name: "../escaped.mjs", content: Buffer.from("x") }]), ".zip"],
    ["S60 not an archive at all", async () => Buffer.from("#!/bin/sh\nrm -rf /\n"), ".tar.gz"],
  ];
  for (const [what, archive, extension] of hostile) {
    it(what, async () => {
      const applicationId = await newApplication();
      const uploaded = await uploadVersion(applicationId, await archive(), `hostile${extension}`);
      const version = await builtVersion(applicationId, uploaded.id);
      expect(version.state).toBe("Failed");
      expect(version.stateReason).toContain("hostile");
      await waitFor("nothing left", async () => (await leftovers(uploaded.id)).length === 0, 10_000);
      const escaped = await readdir(t.dataDir, { recursive: true });
      expect(escaped.filter((entry) => entry.includes("escaped") || entry.includes("absolute"))).toEqual([]);
    });
  }
});

describe("container images", () => {
  it("need the container runtime: on local processes the version is Failed saying so", async () => {
    const applicationId = await newApplication();
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/ai-applications/${applicationId}/versions/image`,
      headers: { cookie },
      payload: { version: "1.0.0", image: "localhost/rts-samples/number-regressor:latest" },
    });
    expect(response.statusCode, response.body).toBe(201);
    const version = await builtVersion(applicationId, response.json().id);
    expect(version.state).toBe("Failed");
    expect(version.stateReason).toMatch(/need the container runtime/);
    expect((await events(applicationId, version.id)).map((e) => e.type)).toEqual(["received", "checking", "failed"]);
  });
});

describe("durable builds", () => {
  it("a Building version whose job is gone is Failed by the sweep, never Building forever", async () => {
    const applicationId = await newApplication();
    const orphan = await t.db.prisma.aiApplicationVersion.create({
      data: { applicationId, version: "9.9.9", state: "Building", source: "model_package", modelServer: {}, events: { create: { type: "received", message: "Received x.tar.gz." } } },
    });
    const version = await builtVersion(applicationId, orphan.id);
    expect(version.state).toBe("Failed");
    expect(version.stateReason).toMatch(/stopped without finishing/);
  });

  it("a build whose worker died mid-build is retried by the next worker and ends Normal", async () => {
    await worker.stop();
    const applicationId = await newApplication();
    const uploaded = await uploadVersion(applicationId, await tarGz(scalingPackage()), "scaling.tar.gz");
    // A worker took the job and died: it is active, and nobody sends its heartbeats.
    const [claimed] = await t.jobs.boss.fetch<{ versionId: string }>(VERSION_BUILD_QUEUE);
    expect(claimed?.data.versionId).toBe(uploaded.id);
    worker = await startTestWorker(t, {
      versionBuilds: { dataDir: t.dataDir, artifacts: t.artifactStore, sweepIntervalMs: 500, staleBuildMs: 1_000, readyWithinMs: 15_000 },
    });
    const version = await builtVersion(applicationId, uploaded.id);
    expect(version.state, version.stateReason).toBe("Normal");
    expect((await events(applicationId, uploaded.id)).map((e) => e.message)).toContain("Checking again (attempt 2 of 4).");
  });

  it("a seeded Building version (no build job ever) is left as seeded", async () => {
    const seeded = catalogue.versions["text-classifier@2.1.0"]!;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await t.db.prisma.aiApplicationVersion.findUniqueOrThrow({ where: { id: seeded } })).state).toBe("Building");
  });
});
