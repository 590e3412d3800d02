// Demo data for the embedded default. Every write is keyed on a natural unique key, so running the
// seed again (each start does) changes nothing that is already there.
import type { PrismaClient } from "./client.ts";
import { hashPassword, secretDigest } from "./credentials.ts";
import { SAMPLE_REQUESTS, type SampleName } from "./sample-requests.ts";

export const DEMO_USERS = [
  { username: "alice", password: "alice-demo-pass", displayName: "Alice Operator", quota: { vcpuLimit: 128, memoryGiBLimit: 512, gpuLimit: 4 } },
  { username: "bob", password: "bob-demo-pass", displayName: "Bob Operator", quota: { vcpuLimit: 32, memoryGiBLimit: 128, gpuLimit: 1 } },
] as const;

export const SPECIFICATIONS = [
  { id: "cpu.free.1u4g", name: "CPU: 1 vCPU | 4 GiB (free, 1 hour at a time)", kind: "CPU", vcpus: 1, memoryGiB: 4, gpus: 0, available: true, free: true, inPublicPool: true, pricePerHourCents: 0, sortOrder: 0 },
  { id: "cpu.1u2g", name: "CPU: 1 vCPU | 2 GiB", kind: "CPU", vcpus: 1, memoryGiB: 2, gpus: 0, available: true, free: false, inPublicPool: true, pricePerHourCents: 6, sortOrder: 1 },
  { id: "cpu.2u8g", name: "CPU: 2 vCPUs | 8 GiB", kind: "CPU", vcpus: 2, memoryGiB: 8, gpus: 0, available: true, free: false, inPublicPool: true, pricePerHourCents: 12, sortOrder: 1 },
  { id: "cpu.8u32g", name: "CPU: 8 vCPUs | 32 GiB", kind: "CPU", vcpus: 8, memoryGiB: 32, gpus: 0, available: true, free: false, inPublicPool: true, pricePerHourCents: 48, sortOrder: 2 },
  { id: "gpu.t4.8u32g", name: "GPU: 1 x T4 (16 GiB) | 8 vCPUs | 32 GiB", kind: "GPU", vcpus: 8, memoryGiB: 32, gpus: 1, available: true, free: false, inPublicPool: true, pricePerHourCents: 180, sortOrder: 3 },
  { id: "gpu.a100.16u128g", name: "GPU: 1 x A100 (80 GiB) | 16 vCPUs | 128 GiB", kind: "GPU", vcpus: 16, memoryGiB: 128, gpus: 1, available: false, free: false, inPublicPool: true, pricePerHourCents: 900, sortOrder: 4 },
] as const;

export const PUBLIC_POOL_NAME = "Public resource pool";

/**
 * A fixed API token for alice so the README's curl works as written on a fresh start. Demo data
 * only: it is seeded where the demo users are (the embedded default), never elsewhere.
 */
export const DEMO_API_TOKEN = "rts_demo_alice_readme_token_0001";

type VersionSeed = {
  version: string;
  state: "Normal" | "Building" | "Failed";
  source: "container_image" | "model_package" | "model_file";
  stateReason?: string;
  websocket?: boolean;
  sample: SampleName;
};

const APPLICATIONS: Record<string, Array<{ name: string; description: string; versions: VersionSeed[] }>> = {
  alice: [
    {
      name: "text-classifier",
      description: "Sorts short support messages into billing, technical and account topics.",
      versions: [
        { version: "1.0.0", state: "Normal", source: "model_package", sample: "text-classifier" },
        { version: "2.0.0", state: "Normal", source: "model_package", sample: "text-classifier" },
        { version: "2.1.0", state: "Building", source: "model_package", sample: "text-classifier" },
        {
          version: "0.9.0",
          state: "Failed",
          source: "model_package",
          sample: "text-classifier",
          stateReason: "server.mjs: the entry file named in rts-model.json is not in the package.",
        },
      ],
    },
    {
      name: "sentiment-stream",
      description: "Streams a sentiment score word by word over a WebSocket.",
      versions: [{ version: "1.0.0", state: "Normal", source: "container_image", websocket: true, sample: "sentiment-stream" }],
    },
    {
      name: "number-regressor",
      description: "Predicts a value from numeric features with a small linear model.",
      versions: [{ version: "1.0.0", state: "Normal", source: "container_image", sample: "number-regressor" }],
    },
    {
      name: "delivery-eta-onnx",
      description: "Delivery time in minutes: the number-regressor's least squares fit as an ONNX model, served by the built-in ONNX runtime.",
      versions: [
        { version: "1.0.0", state: "Normal", source: "model_file", sample: "delivery-eta-onnx" },
        { version: "2.0.0", state: "Normal", source: "model_file", sample: "delivery-eta-onnx" },
      ],
    },
  ],
  bob: [
    {
      name: "text-classifier",
      description: "Bob's copy of the support-message classifier.",
      versions: [{ version: "1.0.0", state: "Normal", source: "model_package", sample: "text-classifier" }],
    },
  ],
};

// Dedicated pools for alice: two `new` pools with the same flavor (multi-pool load balancing
// works) and one `old` pool (mixing generations is refused).
const DEDICATED_POOLS = [
  { owner: "alice", name: "pool-new-east", flavorId: "cpu.8u32g", nodeCount: 4, generation: "new" },
  { owner: "alice", name: "pool-new-west", flavorId: "cpu.8u32g", nodeCount: 4, generation: "new" },
  { owner: "alice", name: "pool-old-legacy", flavorId: "cpu.8u32g", nodeCount: 2, generation: "old" },
] as const;

/**
 * What the built-in ONNX runtime reads from the delivery-eta-onnx models (both versions take the
 * same three features); runtimes/onnx's tests check it against the committed .onnx files.
 */
export const DELIVERY_ETA_MODEL_METADATA = {
  inputs: [{ name: "features", datatype: "FP32", shape: [-1, 3] }],
  outputs: [{ name: "minutes", datatype: "FP32", shape: [-1, 1] }],
};

// A "container image" version also names its image, which the container runtime runs; the entry
// file serves the process runtime, which has no images. A model file is served by the built-in
// ONNX runtime, started from the checkout (/app in the runtime image).
function modelServerFor(sample: SampleName, version: string, source: VersionSeed["source"], applicationName: string) {
  if (source === "model_file") {
    return {
      entry: "runtimes/onnx/server.mjs",
      args: ["--model", `sample-apps/${sample}/${version}/model.onnx`, "--model-name", applicationName, "--model-version", version],
    };
  }
  const entry = { entry: `sample-apps/${sample}/server.mjs`, args: ["--model-version", version] };
  return source === "container_image" ? { ...entry, image: `localhost/rts-samples/${sample}:latest` } : entry;
}

function runtimeFor(source: VersionSeed["source"]) {
  return source === "container_image" ? "image" : source === "model_file" ? "onnx" : "custom";
}

export async function seedDemoData(prisma: PrismaClient): Promise<void> {
  for (const spec of SPECIFICATIONS) {
    await prisma.specification.upsert({ where: { id: spec.id }, create: spec, update: spec });
  }
  const publicPool = await prisma.resourcePool.findFirst({ where: { type: "PUBLIC" } });
  if (!publicPool) {
    await prisma.resourcePool.create({ data: { name: PUBLIC_POOL_NAME, type: "PUBLIC", state: "Running" } });
  }

  for (const demo of DEMO_USERS) {
    let user = await prisma.user.findUnique({ where: { username: demo.username } });
    if (!user) {
      user = await prisma.user.create({
        data: {
          username: demo.username,
          displayName: demo.displayName,
          passwordHash: await hashPassword(demo.password),
          quota: { create: demo.quota },
        },
      });
    }
    for (const app of APPLICATIONS[demo.username] ?? []) {
      const application = await prisma.aiApplication.upsert({
        where: { ownerId_name: { ownerId: user.id, name: app.name } },
        create: { ownerId: user.id, name: app.name, description: app.description },
        update: {},
      });
      for (const v of app.versions) {
        const { exampleRequest, inputSchema, websocketOnly, protocol } = SAMPLE_REQUESTS[v.sample];
        const row = await prisma.aiApplicationVersion.upsert({
          where: { applicationId_version: { applicationId: application.id, version: v.version } },
          create: {
            applicationId: application.id,
            version: v.version,
            state: v.state,
            source: v.source,
            websocket: v.websocket ?? false,
            websocketOnly,
            runtime: runtimeFor(v.source),
            protocol,
            healthPath: "/health",
            stateReason: v.stateReason ?? null,
            // Demo versions are ready made: Normal ones count as built when they are seeded.
            builtAt: v.state === "Normal" ? new Date() : null,
            modelServer: modelServerFor(v.sample, v.version, v.source, app.name),
            ...(v.source === "model_file" ? { modelMetadata: DELIVERY_ETA_MODEL_METADATA } : {}),
            exampleRequest,
            inputSchema,
          },
          update: {},
        });
        // Versions seeded before applications declared how they are called get it once.
        if (row.exampleRequest === null) {
          await prisma.aiApplicationVersion.update({ where: { id: row.id }, data: { exampleRequest, inputSchema } });
        }
      }
    }
  }

  const alice = await prisma.user.findUniqueOrThrow({ where: { username: "alice" } });
  await prisma.apiToken.upsert({
    where: { tokenHash: secretDigest(DEMO_API_TOKEN) },
    create: { userId: alice.id, name: "README demo token", tokenHash: secretDigest(DEMO_API_TOKEN), prefix: DEMO_API_TOKEN.slice(0, 10) },
    update: {},
  });

  for (const pool of DEDICATED_POOLS) {
    const owner = await prisma.user.findUniqueOrThrow({ where: { username: pool.owner } });
    const found = await prisma.resourcePool.findFirst({ where: { ownerId: owner.id, name: pool.name } });
    if (found) continue;
    const flavor = SPECIFICATIONS.find((s) => s.id === pool.flavorId)!;
    const held = { vcpus: flavor.vcpus * pool.nodeCount, memoryGiB: flavor.memoryGiB * pool.nodeCount, gpus: flavor.gpus * pool.nodeCount };
    await prisma.$transaction(async (tx) => {
      const created = await tx.resourcePool.create({
        data: {
          ownerId: owner.id,
          name: pool.name,
          type: "DEDICATED",
          flavorId: pool.flavorId,
          nodeCount: pool.nodeCount,
          generation: pool.generation,
          state: "Running",
        },
      });
      await tx.quota.update({
        where: { userId: owner.id },
        data: {
          vcpuUsed: { increment: held.vcpus },
          memoryGiBUsed: { increment: held.memoryGiB },
          gpuUsed: { increment: held.gpus },
        },
      });
      await tx.quotaLedgerEntry.create({
        data: { userId: owner.id, poolId: created.id, holderName: pool.name, ...held, reason: "dedicated pool created (seed)" },
      });
    });
  }
}
