// R8 attacks through the HTTP API: runtime-interpreted env var names are refused with nothing
// written, and env var values never come back in any answer nor sit in the database in clear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV_VAR_MESSAGES, MASKED_ENV_VAR_VALUE } from "@rts/contracts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let catalogue: DemoCatalogue;

const SECRET = "s3cr3t-Value-that-must-never-leak";

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t?.close());

function withEnv(envVars: unknown, name?: string) {
  const body = deployBody(catalogue, name ? { name } : {}) as unknown as { configurations: Array<Record<string, unknown>> };
  body.configurations[0]!.envVars = envVars;
  return body;
}

function post(payload: unknown, options: { query?: string; headers?: Record<string, string> } = {}) {
  return t.app.inject({
    method: "POST",
    url: `/api/v1/services${options.query ?? ""}`,
    headers: { cookie: alice, ...options.headers },
    payload: payload as object,
  });
}

async function rowCounts() {
  const [row] = await t.db.prisma.$queryRaw<Array<{ services: bigint; configurations: bigint; jobs: bigint }>>`
    SELECT (SELECT count(*) FROM services) AS services,
           (SELECT count(*) FROM version_configurations) AS configurations,
           (SELECT count(*) FROM pgboss.job) AS jobs`;
  return row;
}

/** Every place a deploy writes to, as text, to search for a value in clear. */
async function storedText(serviceId: string): Promise<string> {
  const rows = await t.db.prisma.$queryRaw<Array<{ text: string }>>`
    SELECT "envVars"::text AS text FROM version_configurations WHERE "serviceId" = ${serviceId}::uuid
    UNION ALL SELECT "responseBody"::text FROM idempotency_keys
    UNION ALL SELECT reason FROM service_events WHERE "serviceId" = ${serviceId}::uuid
    UNION ALL SELECT data::text FROM pgboss.job WHERE data->>'serviceId' = ${serviceId}`;
  return rows.map((r) => r.text).join("\n");
}

describe("S10 env var names that configure the runtime", () => {
  it("S10 refuses NODE_OPTIONS, NODE_PATH, LD_PRELOAD, PATH and RTS_* in any case, every one at once, and writes nothing", async () => {
    const attack = [
      { key: "NODE_OPTIONS", value: "--import=data:text/javascript,console.log(require('fs').readFileSync('/proc/1/environ'))" },
      { key: "node_path", value: "/tmp/evil" },
      { key: "LD_PRELOAD", value: "/tmp/evil.so" },
      { key: "Path", value: "/tmp/evil-bin" },
      { key: "RTS_INSTANCE_ID", value: "someone-else" },
      { key: "MODEL_DIR", value: "/models" },
    ];
    const before = await rowCounts();
    const response = await post(withEnv(attack));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const problem = response.json();
    expect(problem.errors).toEqual(
      attack.slice(0, 5).map(({ key }, index) => ({
        path: `configurations.0.envVars.${index}.key`,
        rule: "R8",
        message: ENV_VAR_MESSAGES.keyReserved(key),
      })),
    );
    expect(problem.errors[0].message).toMatch(/may configure the model, never the sandbox/);
    expect(response.body).not.toContain("/tmp/evil");
    expect(await rowCounts()).toEqual(before);
  });

  it("S10 the dry run refuses it the same way", async () => {
    const response = await post(withEnv([{ key: "NODE_OPTIONS", value: "--require=/tmp/x.js" }]), { query: "?dryRun=true" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      valid: false,
      issues: [{ path: "configurations.0.envVars.0.key", rule: "R8", message: ENV_VAR_MESSAGES.keyReserved("NODE_OPTIONS") }],
    });
  });
});

describe("S11 env var values at rest and in answers", () => {
  it("S11 stores values encrypted: the raw rows, the idempotency record, the events and the job hold no value in clear", async () => {
    const response = await post(withEnv([{ key: "MODEL_MODE", value: SECRET }]), { headers: { "idempotency-key": "s11-at-rest" } });
    expect(response.statusCode, response.body).toBe(202);
    const serviceId = response.json().id as string;
    const stored = await storedText(serviceId);
    expect(stored).toContain("MODEL_MODE");
    expect(stored).not.toContain(SECRET);
    const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId } });
    expect(configuration.envVars).toEqual([{ key: "MODEL_MODE", sealed: expect.stringMatching(/^v1\./) }]);
    // The same key opens it, which is what the worker does to start an instance.
    expect(t.app.envVarCipher.open(configuration.envVars)).toEqual([{ key: "MODEL_MODE", value: SECRET }]);
  });

  it("S11 masks values in every answer: deploy, replay, detail, list, dry run and the OpenAPI document", async () => {
    const body = withEnv([
      { key: "MODEL_MODE", value: SECRET },
      { key: "API_TOKEN", value: `${SECRET}-2` },
    ]);
    const masked = [
      { key: "MODEL_MODE", value: MASKED_ENV_VAR_VALUE },
      { key: "API_TOKEN", value: MASKED_ENV_VAR_VALUE },
    ];
    const headers = { "idempotency-key": "s11-every-answer" };
    const deployed = await post(body, { headers });
    expect(deployed.statusCode, deployed.body).toBe(202);
    const serviceId = deployed.json().id as string;
    const replayed = await post(body, { headers });
    const preview = await post(body, { query: "?dryRun=true" });
    const detail = await t.app.inject({ method: "GET", url: `/api/v1/services/${serviceId}`, headers: { cookie: alice } });
    const list = await t.app.inject({ method: "GET", url: "/api/v1/services?pageSize=100", headers: { cookie: alice } });
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(deployed.json().configurations[0].envVars).toEqual(masked);
    expect(replayed.json().configurations[0].envVars).toEqual(masked);
    expect(detail.json().configurations[0].envVars).toEqual(masked);
    expect(detail.json().events.length).toBeGreaterThan(0);
    for (const answer of [deployed, replayed, preview, detail, list, docs]) {
      expect(answer.statusCode).toBeLessThan(300);
      expect(answer.body).not.toContain(SECRET);
    }
    expect(docs.body).toContain(JSON.stringify(MASKED_ENV_VAR_VALUE));
  });

  it("S11 rows and replays written before encryption still work and are masked too", async () => {
    const body = withEnv([{ key: "MODEL_MODE", value: SECRET }]);
    const response = await post(body, { headers: { "idempotency-key": "s11-legacy" } });
    const serviceId = response.json().id as string;
    const legacy = JSON.stringify([{ key: "MODEL_MODE", value: SECRET }]);
    await t.db.prisma.$executeRaw`UPDATE version_configurations SET "envVars" = ${legacy}::jsonb WHERE "serviceId" = ${serviceId}::uuid`;
    await t.db.prisma.$executeRaw`
      UPDATE idempotency_keys SET "responseBody" = jsonb_set("responseBody", '{configurations,0,envVars}', ${legacy}::jsonb)
       WHERE key = 's11-legacy'`;
    const detail = await t.app.inject({ method: "GET", url: `/api/v1/services/${serviceId}`, headers: { cookie: alice } });
    const replayed = await post(body, { headers: { "idempotency-key": "s11-legacy" } });
    for (const answer of [detail, replayed]) {
      expect(answer.statusCode, answer.body).toBeLessThan(300);
      expect(answer.json().configurations[0].envVars).toEqual([{ key: "MODEL_MODE", value: MASKED_ENV_VAR_VALUE }]);
      expect(answer.body).not.toContain(SECRET);
    }
    const configuration = await t.db.prisma.versionConfiguration.findFirstOrThrow({ where: { serviceId } });
    expect(t.app.envVarCipher.open(configuration.envVars)).toEqual([{ key: "MODEL_MODE", value: SECRET }]);
  });
});
