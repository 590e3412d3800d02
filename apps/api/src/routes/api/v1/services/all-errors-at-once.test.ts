// R15 through the HTTP API: a body with several problems gets every one of them in one 422 answer,
// structural ones (a field that does not parse) and rule ones (on the fields that did) together,
// the dry run gives the same issues, and nothing is written.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DESCRIPTION_MESSAGES,
  ENV_VAR_MESSAGES,
  NAME_MESSAGES,
  REQUEST_MESSAGES,
  SPECIFICATION_MESSAGES,
  TIMEOUT_MESSAGE,
  TRAFFIC_LIMIT_MESSAGES,
  VERSION_MESSAGES,
  WEBSOCKET_MESSAGES,
  type RuleIssue,
} from "@rts/contracts";
import { SERVICE_LIFECYCLE_QUEUE } from "../../../../jobs/job-queue.ts";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
let alice: string;
let cat: DemoCatalogue;

beforeAll(async () => {
  t = await createTestApp();
  alice = await login(t.app, "alice");
  cat = await demoCatalogue(t.db, "alice");
});

afterEach(async () => {
  const rows = await t.db.prisma.service.findMany({ where: { ownerId: cat.userId }, select: { id: true } });
  for (const row of rows) {
    const res = await t.app.inject({ method: "DELETE", url: `/api/v1/services/${row.id}`, headers: { cookie: alice } });
    expect([202, 204]).toContain(res.statusCode);
  }
});

afterAll(async () => t?.close());

type Json = Record<string, unknown>;

async function counts() {
  const [row] = await t.db.prisma.$queryRaw<Array<{ services: bigint; ledger: bigint; jobs: bigint }>>`
    SELECT (SELECT count(*) FROM services) AS services,
           (SELECT count(*) FROM quota_ledger) AS ledger,
           (SELECT count(*) FROM pgboss.job WHERE name = ${SERVICE_LIFECYCLE_QUEUE}) AS jobs`;
  return { services: Number(row!.services), ledger: Number(row!.ledger), jobs: Number(row!.jobs) };
}

function post(payload: unknown, query = "") {
  return t.app.inject({ method: "POST", url: `/api/v1/services${query}`, headers: { cookie: alice }, payload: payload as object });
}

function config(overrides: Json = {}): Json {
  return {
    versionId: cat.versions["text-classifier@1.0.0"]!,
    trafficRatio: 100,
    flavorId: "cpu.2u8g",
    computeNodes: 1,
    envVars: [],
    ...overrides,
  };
}

function body(overrides: Json = {}): Json {
  return { ...(deployBody(cat) as unknown as Json), ...overrides };
}

/**
 * The deploy is refused with exactly `expected` in one problem+json answer, the dry run reports
 * the same issues, and neither writes anything.
 */
async function expectAllAtOnce(payload: Json, expected: Array<Partial<RuleIssue> & Pick<RuleIssue, "rule" | "path">>) {
  const before = await counts();
  const res = await post(payload);
  expect(res.statusCode, res.body).toBe(422);
  expect(res.headers["content-type"]).toContain("application/problem+json");
  const errors = res.json().errors as RuleIssue[];
  expect(errors).toEqual(expected.map((e) => expect.objectContaining(e)));

  const dryRun = await post(payload, "?dryRun=true");
  expect(dryRun.statusCode, dryRun.body).toBe(200);
  expect(dryRun.json()).toMatchObject({ valid: false, issues: errors });
  expect(await counts()).toEqual(before);
  return errors;
}

const textClassifier2 = () => cat.versions["text-classifier@2.0.0"]!;

describe("R15 every error of a deploy in one answer", () => {
  it("R15 reports a bad timeout and a ratio sum of 90 together (R9, R5)", async () => {
    await expectAllAtOnce(
      body({
        timeoutMinutes: "soon",
        configurations: [config({ trafficRatio: 60 }), config({ versionId: textClassifier2(), trafficRatio: 30 })],
      }),
      [
        { rule: "R5", path: "configurations", message: VERSION_MESSAGES.ratioSum(90) },
        { rule: "R9", path: "timeoutMinutes", message: TIMEOUT_MESSAGE },
      ],
    );
  });

  it("R15 reports a bad configurations.1.flavorId and a name already taken together (R2, R6)", async () => {
    const taken = await post(body({ name: "taken-name" }));
    expect(taken.statusCode, taken.body).toBe(202);
    await expectAllAtOnce(
      body({
        name: "taken-name",
        configurations: [config({ trafficRatio: 50 }), config({ versionId: textClassifier2(), trafficRatio: 50, flavorId: 42 })],
      }),
      [
        { rule: "R2", path: "name", message: NAME_MESSAGES.taken("taken-name") },
        { rule: "R6", path: "configurations.1.flavorId", message: SPECIFICATION_MESSAGES.required },
      ],
    );
  });

  it("R15 reports a bad trafficLimit, a reserved env var name and an unknown field together (R8, R11, R15)", async () => {
    await expectAllAtOnce(
      body({
        replicas: 3,
        trafficLimit: { requestsPerSecond: 0 },
        configurations: [config({ envVars: [{ key: "NODE_OPTIONS", value: "--require=/tmp/x.js" }] })],
      }),
      [
        { rule: "R8", path: "configurations.0.envVars.0.key", message: ENV_VAR_MESSAGES.keyReserved("NODE_OPTIONS") },
        { rule: "R11", path: "trafficLimit.requestsPerSecond", message: TRAFFIC_LIMIT_MESSAGES.requestsPerSecond },
        { rule: "R15", path: "replicas", message: REQUEST_MESSAGES.unknownField("replicas") },
      ],
    );
  });

  it("R15 reports a too-long description and the quota it would exceed together (R2, R12)", async () => {
    // alice has 48 vCPUs of quota left; 7 x 8 vCPUs do not fit.
    await expectAllAtOnce(body({ description: "d".repeat(101), configurations: [config({ flavorId: "cpu.8u32g", computeNodes: 7 })] }), [
      { rule: "R2", path: "description", message: DESCRIPTION_MESSAGES.tooLong },
      { rule: "R12", path: "configurations", message: expect.stringMatching(/^Not enough quota: .* asks for 56 vCPUs/) },
    ]);
  });

  it("R15 reports rule errors of the configurations that parsed next to one that did not (R5, R6, R10)", async () => {
    // WebSocket on, with a Building model-package version and a second configuration whose
    // flavor is not text: the version of each is still judged, and so is the ratio total.
    await expectAllAtOnce(
      body({
        websocket: true,
        trafficLimit: { requestsPerSecond: 10 },
        configurations: [
          config({ versionId: cat.versions["text-classifier@2.1.0"], trafficRatio: 50 }),
          config({ trafficRatio: 40, flavorId: ["cpu.2u8g"] }),
        ],
      }),
      [
        { rule: "R5", path: "configurations", message: VERSION_MESSAGES.ratioSum(90) },
        { rule: "R5", path: "configurations.0.versionId", message: expect.stringMatching(/is Building; only versions in the Normal state/) },
        { rule: "R6", path: "configurations.1.flavorId", message: SPECIFICATION_MESSAGES.required },
        { rule: "R10", path: "configurations.0.versionId", message: expect.stringMatching(/^WebSocket needs/) },
        { rule: "R10", path: "configurations.1.versionId", message: expect.stringMatching(/^WebSocket needs/) },
        { rule: "R10", path: "trafficLimit", message: WEBSOCKET_MESSAGES.noTrafficLimit },
      ],
    );
  });
});
