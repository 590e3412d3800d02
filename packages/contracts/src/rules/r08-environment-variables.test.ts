import { describe, expect, it } from "vitest";
import { fixtureContext, flavors, validDeployRequest, versions } from "../testing/index.ts";
import {
  ENV_VAR_GENERAL_WARNING,
  ENV_VAR_MESSAGES,
  envVarKeyMessage,
  envVarWarnings,
  isReservedEnvVarKey,
  sensitiveEnvVarWarning,
} from "./r08-environment-variables.ts";
import { previewDeploy, validateDeployRequest } from "./validate-deploy-request.ts";

const ctx = fixtureContext();
const withEnv = (envVars: unknown) => ({
  ...validDeployRequest(),
  configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars }],
});
const issuesFor = (envVars: unknown) => validateDeployRequest(withEnv(envVars), ctx).issues;
const SECRET_VALUE = "hunter2-super-secret-value";

describe("R8 environment variables", () => {
  it("R8 accepts well-formed, unique variables and defaults to none", () => {
    expect(issuesFor([{ key: "MODEL_DIR", value: "/models" }, { key: "_x1", value: "" }])).toEqual([]);
    const noEnv = validateDeployRequest({ ...withEnv([]), configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1 }] }, ctx);
    expect(noEnv.ok && noEnv.value.configurations[0]?.envVars).toEqual([]);
  });

  it.each([
    ["1ABC", ENV_VAR_MESSAGES.keyFormat],
    ["A-B", ENV_VAR_MESSAGES.keyFormat],
    ["", ENV_VAR_MESSAGES.keyRequired],
    ["K".repeat(129), ENV_VAR_MESSAGES.keyTooLong],
  ])("R8 refuses the key %j", (key, message) => {
    expect(issuesFor([{ key, value: SECRET_VALUE }])).toEqual([{ rule: "R8", path: "configurations.0.envVars.0.key", message }]);
  });

  it.each(["NODE_OPTIONS", "NODE_PATH", "node_options", "Node_Extra_CA_Certs", "LD_PRELOAD", "ld_library_path", "PATH", "path", "PORT", "HOST", "MODEL_VERSION", "RTS_INSTANCE_ID", "rts_anything"])(
    "R8 refuses the runtime-interpreted name %s, saying an env var may configure the model, never the sandbox",
    (key) => {
      const issues = issuesFor([{ key, value: "--import=data:text/javascript,process.exit()" }]);
      expect(issues).toEqual([{ rule: "R8", path: "configurations.0.envVars.0.key", message: ENV_VAR_MESSAGES.keyReserved(key) }]);
      expect(ENV_VAR_MESSAGES.keyReserved(key)).toContain("may configure the model, never the sandbox");
      expect(isReservedEnvVarKey(key)).toBe(true);
      expect(envVarKeyMessage(key)).toBe(ENV_VAR_MESSAGES.keyReserved(key));
    },
  );

  it("R8 keeps names that merely contain a reserved word", () => {
    for (const key of ["MODEL_PATH", "NODES", "LDAP_URL", "MY_NODE_OPTIONS", "HOSTNAME_LABEL", "PORTS", "RTSX"]) {
      expect(isReservedEnvVarKey(key)).toBe(false);
    }
    expect(issuesFor([{ key: "MODEL_PATH", value: "/m" }, { key: "LDAP_URL", value: "x" }])).toEqual([]);
  });

  it("R8 reports a reserved name together with the request's other field errors", () => {
    const body = { ...withEnv([{ key: "LD_PRELOAD", value: "/tmp/x.so" }]), name: "1-bad name" };
    const paths = validateDeployRequest(body, ctx).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "configurations.0.envVars.0.key"]));
  });

  it("R8 refuses duplicate keys on the later one", () => {
    expect(issuesFor([{ key: "A", value: "1" }, { key: "B", value: "2" }, { key: "A", value: SECRET_VALUE }])).toEqual([
      { rule: "R8", path: "configurations.0.envVars.2.key", message: ENV_VAR_MESSAGES.keyDuplicate("A") },
    ]);
  });

  it("R8 refuses too many, too long and too large, never echoing values", () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ key: `K${i}`, value: SECRET_VALUE }));
    expect(issuesFor(many)).toEqual([{ rule: "R8", path: "configurations.0.envVars", message: ENV_VAR_MESSAGES.tooMany }]);
    expect(issuesFor([{ key: "A", value: "x".repeat(4097) }])).toEqual([
      { rule: "R8", path: "configurations.0.envVars.0.value", message: ENV_VAR_MESSAGES.valueTooLong },
    ]);
    const big = Array.from({ length: 9 }, (_, i) => ({ key: `K${i}`, value: "x".repeat(4000) }));
    expect(issuesFor(big)).toEqual([{ rule: "R8", path: "configurations.0.envVars", message: ENV_VAR_MESSAGES.tooLarge(36018) }]);
    const all = [...issuesFor(many), ...issuesFor([{ key: "bad key", value: SECRET_VALUE }]), ...issuesFor([{ key: "A", value: 5 }])];
    for (const i of all) expect(i.message).not.toContain(SECRET_VALUE);
  });

  it("R8 warns against secrets, harder on secret-looking keys, without values", () => {
    expect(envVarWarnings([])).toEqual([]);
    expect(envVarWarnings([{ key: "MODEL_DIR" }])).toEqual([ENV_VAR_GENERAL_WARNING]);
    const w = envVarWarnings([{ key: "DB_PASSWORD" }, { key: "api_token" }, { key: "AWS_ACCESS_KEY_ID" }, { key: "MODE" }]);
    expect(w).toEqual([
      ENV_VAR_GENERAL_WARNING,
      sensitiveEnvVarWarning("DB_PASSWORD"),
      sensitiveEnvVarWarning("api_token"),
      sensitiveEnvVarWarning("AWS_ACCESS_KEY_ID"),
    ]);
    const preview = previewDeploy(withEnv([{ key: "SECRET", value: SECRET_VALUE }]), ctx);
    expect(preview.valid).toBe(true);
    expect(preview.warnings).toContain(sensitiveEnvVarWarning("SECRET"));
    expect(JSON.stringify(preview)).not.toContain(SECRET_VALUE);
  });
});
