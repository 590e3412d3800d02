import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MASKED_ENV_VAR_VALUE } from "@rts/contracts";
import { EnvVarCipher, EnvVarDecryptionError, maskEnvVars } from "./env-encryption.ts";
import { ENV_ENCRYPTION_KEY_FILE_NAME, loadOrCreateEnvEncryptionKey, readEnvEncryptionKey } from "./env-encryption-key.ts";

const SECRET = "hunter2-do-not-store-me";
const logger = pino({ level: "silent" });

describe("R8 env var encryption", () => {
  it("R8 seals each value with AES-256-GCM under a fresh IV and opens it with the same key", () => {
    const cipher = new EnvVarCipher(randomBytes(32));
    const sealed = cipher.seal([{ key: "MODE", value: SECRET }, { key: "EMPTY", value: "" }, { key: "UNICODE", value: "日本語 ✓" }]);
    expect(JSON.stringify(sealed)).not.toContain(SECRET);
    expect(sealed[0]).toEqual({ key: "MODE", sealed: expect.stringMatching(/^v1\./) });
    expect(cipher.seal([{ key: "MODE", value: SECRET }])[0]).not.toEqual(sealed[0]);
    expect(cipher.open(sealed)).toEqual([{ key: "MODE", value: SECRET }, { key: "EMPTY", value: "" }, { key: "UNICODE", value: "日本語 ✓" }]);
  });

  it("S11 refuses a value opened with another key, tampered with, or moved under another name, without showing it", () => {
    const cipher = new EnvVarCipher(randomBytes(32));
    const [item] = cipher.seal([{ key: "MODE", value: SECRET }]) as Array<{ key: string; sealed: string }>;
    const other = new EnvVarCipher(randomBytes(32));
    const tampered = { key: "MODE", sealed: `${item!.sealed.slice(0, -2)}AA` };
    for (const [c, stored] of [[other, [item]], [cipher, [tampered]], [cipher, [{ ...item, key: "OTHER" }]]] as const) {
      expect(() => c.open(stored)).toThrow(EnvVarDecryptionError);
      try {
        c.open(stored);
      } catch (error) {
        expect(String(error)).not.toContain(SECRET);
      }
    }
  });

  it("R8 masks sealed and plain (pre-encryption) values alike and passes plain ones to the runtime", () => {
    const cipher = new EnvVarCipher(randomBytes(32));
    const stored = [...cipher.seal([{ key: "A", value: SECRET }]), { key: "B", value: SECRET }];
    expect(maskEnvVars(stored)).toEqual([{ key: "A", value: MASKED_ENV_VAR_VALUE }, { key: "B", value: MASKED_ENV_VAR_VALUE }]);
    expect(cipher.open(stored)).toEqual([{ key: "A", value: SECRET }, { key: "B", value: SECRET }]);
    expect(maskEnvVars(null)).toEqual([]);
  });
});

describe("R8 env var encryption key", () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "rts-key-"));
  });
  afterEach(async () => rm(dataDir, { recursive: true, force: true }));

  it("R8 generates a key into the data folder on first start, mode 0600, and keeps it on the next", async () => {
    const first = await loadOrCreateEnvEncryptionKey({ configuredKey: undefined, dataDir, logger });
    const keyFile = path.join(dataDir, ENV_ENCRYPTION_KEY_FILE_NAME);
    expect(first.source).toEqual({ keyFile });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateEnvEncryptionKey({ configuredKey: undefined, dataDir, logger });
    expect(second.key.equals(first.key)).toBe(true);
    // The worker reads the same key and never makes its own.
    expect((await readEnvEncryptionKey({ keyFile })).equals(first.key)).toBe(true);
    await expect(readEnvEncryptionKey({ keyFile: path.join(dataDir, "missing.key") })).rejects.toThrow();
  });

  it("R8 prefers the configured key and refuses one that is not 32 bytes, without repeating it", async () => {
    const configured = randomBytes(32).toString("base64");
    const loaded = await loadOrCreateEnvEncryptionKey({ configuredKey: configured, dataDir, logger });
    expect(loaded.key.toString("base64")).toBe(configured);
    await expect(readFile(path.join(dataDir, ENV_ENCRYPTION_KEY_FILE_NAME))).rejects.toThrow();
    const short = randomBytes(16).toString("base64");
    await expect(loadOrCreateEnvEncryptionKey({ configuredKey: short, dataDir, logger })).rejects.toThrow(/32 random bytes/);
    await expect(readEnvEncryptionKey({ configuredKey: short })).rejects.not.toThrow(short);
  });

  it("S11 restricts a key file that others can read", async () => {
    const keyFile = path.join(dataDir, ENV_ENCRYPTION_KEY_FILE_NAME);
    await writeFile(keyFile, randomBytes(32).toString("base64"), { mode: 0o644 });
    await loadOrCreateEnvEncryptionKey({ configuredKey: undefined, dataDir, logger });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });
});
