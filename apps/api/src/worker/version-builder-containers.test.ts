// Version builds where the container runtime runs: a registered image is pinned to its id, an
// uploaded package becomes an image of its own (FROM the runtime image, files at /model), and
// deleting the version removes that image.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "@rts/db";
import { ContainerDriver } from "../runtime/container/container-driver.ts";
import { randomUUID } from "node:crypto";
import { controlPlaneId, LABELS } from "../runtime/container/container-labels.ts";
import { buildContext, buildImage, ensureRuntimeImage, ensureSampleImage } from "../runtime/container/model-runtime-image.ts";
import { SAMPLE_IMAGES } from "../runtime/select-runtime-driver.ts";
import { connectTestEngine } from "../testing/container-engine.ts";
import { createApiToken, createTestApp, demoCatalogue, login, type DemoCatalogue, type TestApp } from "../testing/test-app.ts";
import { startTestWorker } from "../testing/test-worker.ts";
import { aiApplicationCalls, type AiApplicationCalls } from "../testing/ai-application-calls.ts";
import { tarGz } from "../modules/model-artifacts/test-archives.ts";
import { scalingPackage } from "../testing/model-packages.ts";
import { waitFor } from "../testing/wait-for.ts";
import type { DeployWorker } from "./deploy-worker.ts";
import { VERSION_IMAGE_LABEL, versionImageTag } from "./version-build/version-image.ts";

const engine = await connectTestEngine();
const logger = pino({ level: "silent" });

describe.skipIf(!engine)("version builds on containers", () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  let catalogue: DemoCatalogue;
  let worker: DeployWorker;
  let driver: ContainerDriver;
  let runtimeImage: string;
  let calls: AiApplicationCalls;
  const builtVersions: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    cookie = await login(t.app, "alice");
    calls = aiApplicationCalls(t, cookie);
    catalogue = await demoCatalogue(t.db, "alice");
    token = (await createApiToken(t.app, cookie, "byom-containers")).token;
    runtimeImage = await ensureRuntimeImage(engine!.docker, logger);
    for (const sample of SAMPLE_IMAGES) await ensureSampleImage(engine!.docker, runtimeImage, sample.image, sample.entry);
    driver = new ContainerDriver({ engine: engine!, planeId: await controlPlaneId(t.db.url), runtimeImage, logger });
    worker = await startTestWorker(t, { driver, versionBuilds: { dataDir: t.dataDir, artifacts: t.artifactStore, sweepIntervalMs: 500, readyWithinMs: 30_000 } });
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await driver?.stopAll();
    for (const id of builtVersions) await engine!.docker.getImage(versionImageTag(id)).remove({ force: true }).catch(() => {});
    await t?.close();
  }, 60_000);

  const newApplication = () => calls.create();
  const builtVersion = (applicationId: string, versionId: string) => calls.built(applicationId, versionId);
  const registerImage = (applicationId: string, image: string) => calls.registerImage(applicationId, image);
  const uploadVersion = async (applicationId: string, file: Uint8Array, fileName: string) => (await calls.upload(applicationId, file, fileName)).id;

  it("R5 a registered image is tried, pinned to its id and Normal", async () => {
    const applicationId = await newApplication();
    const versionId = await registerImage(applicationId, SAMPLE_IMAGES[1].image);
    const version = await builtVersion(applicationId, versionId);
    expect(version.state, version.stateReason).toBe("Normal");
    const row = await t.db.prisma.aiApplicationVersion.findUniqueOrThrow({ where: { id: versionId } });
    const { Id } = await engine!.docker.getImage(SAMPLE_IMAGES[1].image).inspect();
    expect(row.modelServer).toMatchObject({ image: Id });
  }, 150_000);

  it("R15 an image the engine does not have is Failed, and nothing is pulled", async () => {
    const applicationId = await newApplication();
    const versionId = await registerImage(applicationId, "localhost/no-such-model:9.9");
    const version = await builtVersion(applicationId, versionId);
    expect(version.state).toBe("Failed");
    expect(version.stateReason).toMatch(/"localhost\/no-such-model:9\.9" is not in the container engine/);
  }, 60_000);

  it("R5 an uploaded ONNX model becomes an image of the built-in runtime with the model at /model, and is Normal", async () => {
    const applicationId = await newApplication();
    const model = await readFile(path.join(repoRoot, "sample-apps", "delivery-eta-onnx", "1.0.0", "model.onnx"));
    const versionId = await uploadVersion(applicationId, model, "eta.onnx");
    builtVersions.push(versionId);
    const version = await builtVersion(applicationId, versionId);
    expect(version.state, version.stateReason).toBe("Normal");
    const row = await t.db.prisma.aiApplicationVersion.findUniqueOrThrow({ where: { id: versionId } });
    expect(row.modelServer).toMatchObject({ image: expect.stringMatching(/^(sha256:)?[0-9a-f]{64}$/), modelDir: "/model" });
  }, 150_000);

  it("an uploaded package gets an image of its own, deploys as a container, and deleting the version removes the image", async () => {
    const applicationId = await newApplication();
    const versionId = await uploadVersion(applicationId, await tarGz(scalingPackage()), "scaling.tar.gz");
    builtVersions.push(versionId);
    const version = await builtVersion(applicationId, versionId);
    expect(version.state, version.stateReason).toBe("Normal");
    const image = await engine!.docker.getImage(versionImageTag(versionId)).inspect();
    expect(image.Config.Labels?.[VERSION_IMAGE_LABEL]).toBe(versionId);
    const events = await calls.events(applicationId, versionId);
    expect(events.map((e) => e.type)).toEqual(["received", "checking", "unpacked", "image-built", "normal"]);

    const serviceId = (await calls.deploy(catalogue, versionId)).id;
    const answer = await t.app.inject({ method: "POST", url: `/v1/infers/${serviceId}`, headers: { authorization: `Bearer ${token}` }, payload: { x: [2, 2] } });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json()).toMatchObject({ y: 10 });

    await t.app.inject({ method: "DELETE", url: `/api/v1/services/${serviceId}`, headers: { cookie } });
    await waitFor("service gone", async () => (await t.db.prisma.service.count({ where: { id: serviceId } })) === 0, 60_000);
    const removed = await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${applicationId}/versions/${versionId}`, headers: { cookie } });
    expect(removed.statusCode).toBe(204);
    await waitFor(
      "version image removed",
      () => engine!.docker.getImage(versionImageTag(versionId)).inspect().then(() => false, () => true),
      30_000,
    );
  }, 240_000);
  it("S61 another control plane's version images are never collected by this plane's sweep", async () => {
    const foreignVersion = randomUUID();
    builtVersions.push(foreignVersion);
    const dockerfile = [`FROM ${runtimeImage}`, `LABEL ${VERSION_IMAGE_LABEL}="${foreignVersion}" ${LABELS.plane}="another-plane"`].join("\n");
    await buildImage(engine!.docker, versionImageTag(foreignVersion), buildContext([], dockerfile));
    // The sweep runs every 500 ms here; the version is in no database this plane can see.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const image = await engine!.docker.getImage(versionImageTag(foreignVersion)).inspect();
    expect(image.Config.Labels?.[VERSION_IMAGE_LABEL]).toBe(foreignVersion);
  }, 60_000);

  it("R9 a version whose image is gone from the engine fails its deploy with the runtime's words instead of retrying for ever", async () => {
    const applicationId = await newApplication();
    const model = await readFile(path.join(repoRoot, "sample-apps", "delivery-eta-onnx", "1.0.0", "model.onnx"));
    const versionId = await uploadVersion(applicationId, model, "eta.onnx");
    builtVersions.push(versionId);
    expect((await builtVersion(applicationId, versionId)).state).toBe("Normal");
    await engine!.docker.getImage(versionImageTag(versionId)).remove({ force: true });

    const service = await calls.deploy(catalogue, versionId, { name: "image-gone", until: "Failed" });
    expect(service.stateReason).toMatch(/could not be started: .*(no such image|image not known)/i);
  }, 150_000);
});
