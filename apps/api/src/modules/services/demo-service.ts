// The demo deployment that `pnpm start` brings up on the embedded default, so the README's curl
// has a running model to call: alice's text classifier, versions 1.0.0 and 2.0.0 at 70/30.
import type { DeployServiceRequestInput } from "@rts/contracts";
import type { PrismaClient } from "@rts/db";
import type { JobQueue } from "../../jobs/job-queue.ts";
import type { RuntimeCapacity } from "../../runtime/runtime-driver.ts";
import type { EnvVarCipher } from "../secrets/env-encryption.ts";
import { deployService } from "./deploy-service.ts";

export const DEMO_SERVICE_NAME = "demo-classifier";

export async function ensureDemoService(
  prisma: PrismaClient,
  jobs: JobQueue,
  envVarCipher: EnvVarCipher,
  capacity: RuntimeCapacity | null,
): Promise<string | null> {
  const alice = await prisma.user.findUnique({ where: { username: "alice" } });
  if (!alice) return null;
  const existing = await prisma.service.findFirst({ where: { ownerId: alice.id, name: DEMO_SERVICE_NAME }, select: { id: true } });
  if (existing) return existing.id;
  const versions = await prisma.aiApplicationVersion.findMany({
    where: { application: { ownerId: alice.id, name: "text-classifier" }, version: { in: ["1.0.0", "2.0.0"] } },
  });
  const id = (version: string) => versions.find((v) => v.version === version)?.id;
  if (!id("1.0.0") || !id("2.0.0")) return null;
  const body: DeployServiceRequestInput = {
    name: DEMO_SERVICE_NAME,
    description: "Demo: support-message classifier, gray launch of 2.0.0 at 30%.",
    resourcePool: { type: "public" },
    configurations: [
      // The smallest paid flavor: the demo fits a two-core laptop's public pool (R7 capacity).
      { versionId: id("1.0.0")!, trafficRatio: 70, flavorId: "cpu.1u2g", computeNodes: 1 },
      { versionId: id("2.0.0")!, trafficRatio: 30, flavorId: "cpu.1u2g", computeNodes: 1 },
    ],
  };
  const outcome = await deployService(prisma, jobs, envVarCipher, alice.id, body, `demo-${DEMO_SERVICE_NAME}`, capacity);
  return outcome.service.id;
}
