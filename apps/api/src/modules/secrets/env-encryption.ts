// R8: environment variable values are encrypted at rest. The envVars JSON column of a version
// configuration holds each name in clear (the console lists names) and each value sealed with
// AES-256-GCM. Values are opened only by the worker, to start an instance; every API answer shows
// names with a masked value.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { MASKED_ENV_VAR_VALUE, type EnvVar } from "@rts/contracts";

export const ENV_ENCRYPTION_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A version prefix leaves room to rotate the algorithm or key without guessing what a value is.
const SEALED_PREFIX = "v1.";

/** One element of the stored envVars array. */
export type StoredEnvVar = { key: string; sealed: string } | EnvVar;

export class EnvVarDecryptionError extends Error {
  constructor(key: string) {
    super(
      `The value of environment variable ${key} cannot be decrypted with the configured key. ` +
        "ENV_ENCRYPTION_KEY or the data folder's env-encryption.key must be the one the service was deployed with.",
    );
  }
}

export class EnvVarCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== ENV_ENCRYPTION_KEY_BYTES) {
      throw new Error(`The environment variable encryption key must be ${ENV_ENCRYPTION_KEY_BYTES} bytes.`);
    }
  }

  seal(envVars: readonly EnvVar[]): StoredEnvVar[] {
    return envVars.map(({ key, value }) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", this.key, iv);
      // The name is authenticated data, so a sealed value cannot be moved under another name.
      cipher.setAAD(Buffer.from(key, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
      const sealed = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
      return { key, sealed: `${SEALED_PREFIX}${sealed}` };
    });
  }

  /** Plain values, for the runtime only. Rows written before encryption hold plain values and pass through. */
  open(stored: unknown): EnvVar[] {
    return storedEnvVars(stored).map((item) => {
      if (!("sealed" in item)) return { key: item.key, value: item.value };
      if (!item.sealed.startsWith(SEALED_PREFIX)) throw new EnvVarDecryptionError(item.key);
      const bytes = Buffer.from(item.sealed.slice(SEALED_PREFIX.length), "base64url");
      try {
        const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(item.key, "utf8"));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const value = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
        return { key: item.key, value: value.toString("utf8") };
      } catch {
        throw new EnvVarDecryptionError(item.key);
      }
    });
  }
}

/** What every API answer shows: the names, never a value (sealed or plain). */
export function maskEnvVars(stored: unknown): Array<{ key: string; value: typeof MASKED_ENV_VAR_VALUE }> {
  return storedEnvVars(stored).map(({ key }) => ({ key, value: MASKED_ENV_VAR_VALUE }));
}

export function hasPlainEnvVars(stored: unknown): boolean {
  return storedEnvVars(stored).some((item) => !("sealed" in item));
}

function storedEnvVars(stored: unknown): StoredEnvVar[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter(
    (item): item is StoredEnvVar =>
      typeof item === "object" &&
      item !== null &&
      typeof item.key === "string" &&
      (typeof item.sealed === "string" || typeof item.value === "string"),
  );
}
