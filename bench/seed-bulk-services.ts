// Bulk data for the benchmarks, written with set-based SQL (INSERT ... SELECT generate_series) so
// 100,000 services take seconds, not minutes. Every bench user gets a quota, an application with
// one Normal version, an API token and `servicesPerUser` public-pool services (each with one
// version configuration on cpu.2u8g, a placement in the public pool, its deploy event and a quota
// ledger entry), so the rows look like ones the API itself would have written.
import { newSecret, secretDigest, type PrismaClient } from "@rts/db";

export interface BenchUser {
  id: string;
  username: string;
  /** Bearer secret for `Authorization: Bearer <token>`. */
  token: string;
}

export interface BenchUserSpec {
  /** Usernames are `${prefix}-000`, `${prefix}-001`, ... */
  prefix: string;
  users: number;
  servicesPerUser: number;
  quota: { vcpuLimit: number; memoryGiBLimit: number; gpuLimit: number };
}

/** The flavor every bench service runs on (2 vCPUs, 8 GiB, no GPU). */
export const BENCH_FLAVOR = { id: "cpu.2u8g", vcpus: 2, memoryGiB: 8, gpus: 0 } as const;
export const BENCH_APPLICATION = "bench-classifier";

/** Digits of the zero-padded number in a bench username: at least 3. */
export function usernameDigits(users: number): number {
  return Math.max(3, String(Math.max(0, users - 1)).length);
}

export async function seedBenchUsers(prisma: PrismaClient, spec: BenchUserSpec): Promise<BenchUser[]> {
  const { prefix, users, servicesPerUser, quota } = spec;
  const pattern = `${prefix}-%`;
  // lpad cuts longer text, so the width grows with the count (bench-0000..bench-4999 for 5,000).
  const digits = usernameDigits(users);
  const held = { vcpus: BENCH_FLAVOR.vcpus * servicesPerUser, memoryGiB: BENCH_FLAVOR.memoryGiB * servicesPerUser };

  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`
        INSERT INTO users (id, username, "displayName", "passwordHash")
        SELECT gen_random_uuid(), ${prefix} || '-' || lpad(i::text, ${digits}::int, '0'), 'Bench user ' || i, 'bench-no-password-login'
        FROM generate_series(0, ${users - 1}::int) AS i`;
      await tx.$executeRaw`
        INSERT INTO quotas ("userId", "vcpuLimit", "memoryGiBLimit", "gpuLimit", "vcpuUsed", "memoryGiBUsed", "gpuUsed", "updatedAt")
        SELECT id, ${quota.vcpuLimit}::int, ${quota.memoryGiBLimit}::int, ${quota.gpuLimit}::int, ${held.vcpus}::int, ${held.memoryGiB}::int, 0, now()
        FROM users WHERE username LIKE ${pattern}`;
      await tx.$executeRaw`
        INSERT INTO ai_applications (id, "ownerId", name, description)
        SELECT gen_random_uuid(), id, ${BENCH_APPLICATION}, 'Benchmark application'
        FROM users WHERE username LIKE ${pattern}`;
      await tx.$executeRaw`
        INSERT INTO ai_application_versions (id, "applicationId", version, state, source, "modelServer")
        SELECT gen_random_uuid(), a.id, '1.0.0', 'Normal', 'model_package',
               '{"entry":"sample-apps/text-classifier/server.mjs","args":["--model-version","1.0.0"]}'::jsonb
        FROM ai_applications a JOIN users u ON u.id = a."ownerId"
        WHERE u.username LIKE ${pattern}`;
      if (servicesPerUser === 0) return;

      // Newest first is the list's default order; spread createdAt so the sort has work to do.
      await tx.$executeRaw`
        INSERT INTO services (id, "ownerId", name, "poolType", "timeoutMinutes", state, "desiredState", "stateReason", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), u.id, 'svc-' || lpad(s::text, 2, '0'), 'PUBLIC', 20,
               (CASE s % 3 WHEN 0 THEN 'Running' WHEN 1 THEN 'Deploying' ELSE 'Stopped' END)::"ServiceState",
               (CASE s % 3 WHEN 2 THEN 'Stopped' ELSE 'Running' END)::"DesiredState",
               NULL, now() - make_interval(mins => s), now()
        FROM users u CROSS JOIN generate_series(0, ${servicesPerUser - 1}::int) AS s
        WHERE u.username LIKE ${pattern}`;
      await tx.$executeRaw`
        INSERT INTO version_configurations (id, "serviceId", "versionId", position, "trafficRatio", "flavorId", "computeNodes", "specId")
        SELECT gen_random_uuid(), s.id, v.id, 0, 100, ${BENCH_FLAVOR.id}, 1, gen_random_uuid()
        FROM services s
        JOIN users u ON u.id = s."ownerId"
        JOIN ai_applications a ON a."ownerId" = u.id
        JOIN ai_application_versions v ON v."applicationId" = a.id
        WHERE u.username LIKE ${pattern}`;
      await tx.$executeRaw`
        UPDATE services s SET routing = jsonb_build_array(jsonb_build_object('versionId', c."versionId", 'trafficRatio', 100))
        FROM version_configurations c JOIN users u ON true
        WHERE c."serviceId" = s.id AND u.id = s."ownerId" AND u.username LIKE ${pattern}`;
      await tx.$executeRaw`
        INSERT INTO service_pools ("serviceId", "poolId", position)
        SELECT s.id, p.id, 0
        FROM services s JOIN users u ON u.id = s."ownerId"
        CROSS JOIN (SELECT id FROM resource_pools WHERE type = 'PUBLIC' ORDER BY "createdAt" LIMIT 1) AS p
        WHERE u.username LIKE ${pattern}`;
      // Every real service has at least its deploy event; reads by service must find it among many.
      await tx.$executeRaw`
        INSERT INTO service_events ("serviceId", at, type, "toState", reason)
        SELECT s.id, s."createdAt", 'DeployRequested', 'Deploying', 'Deploy requested: 1 version configuration, timeout 20 min.'
        FROM services s JOIN users u ON u.id = s."ownerId"
        WHERE u.username LIKE ${pattern}`;
      await tx.$executeRaw`
        INSERT INTO quota_ledger ("userId", "serviceId", "holderName", vcpus, "memoryGiB", gpus, reason)
        SELECT s."ownerId", s.id, s.name, ${BENCH_FLAVOR.vcpus}::int, ${BENCH_FLAVOR.memoryGiB}::int, 0, 'public-pool service deployed (bench seed)'
        FROM services s JOIN users u ON u.id = s."ownerId"
        WHERE u.username LIKE ${pattern}`;
    },
    { timeout: 60_000 },
  );

  const rows = await prisma.user.findMany({
    where: { username: { startsWith: `${prefix}-` } },
    select: { id: true, username: true },
    orderBy: { username: "asc" },
  });
  const benchUsers = rows.map((row) => ({ ...row, token: newSecret("rts_bench_") }));
  // lastUsedAt = now: a token in steady use, so the auth hook's "touch at most once a minute"
  // write does not land on every first request of the run.
  const now = new Date();
  await prisma.apiToken.createMany({
    data: benchUsers.map((u) => ({
      userId: u.id,
      name: "bench",
      tokenHash: secretDigest(u.token),
      prefix: u.token.slice(0, 10),
      lastUsedAt: now,
    })),
  });
  await prisma.$executeRawUnsafe("ANALYZE");
  return benchUsers;
}
