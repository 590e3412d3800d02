// Where the environment variable encryption key comes from: ENV_ENCRYPTION_KEY (base64 of 32
// bytes) when set, otherwise a key generated on first start into the data folder, readable by
// its owner only. The API creates the file; the worker only reads it, so the two can never hold
// different keys.
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "pino";
import { ENV_ENCRYPTION_KEY_BYTES } from "./env-encryption.ts";

export const ENV_ENCRYPTION_KEY_FILE_NAME = "env-encryption.key";

export type EnvEncryptionKeySource = { configuredKey: string } | { keyFile: string };

export interface EnvEncryptionKey {
  key: Buffer;
  /** Tells the worker where to find the same key; never the key itself when it lives in a file. */
  source: EnvEncryptionKeySource;
}

export function decodeEnvEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, "base64");
  if (key.length !== ENV_ENCRYPTION_KEY_BYTES) {
    throw new Error(`ENV_ENCRYPTION_KEY must be the base64 encoding of ${ENV_ENCRYPTION_KEY_BYTES} random bytes.`);
  }
  return key;
}

async function readKeyFile(keyFile: string): Promise<Buffer> {
  const text = await readFile(keyFile, "utf8");
  try {
    return decodeEnvEncryptionKey(text.trim());
  } catch {
    throw new Error(`${keyFile} does not hold a valid environment variable encryption key.`);
  }
}

/** The API's start: the configured key, or the data folder's, created on first start. */
export async function loadOrCreateEnvEncryptionKey(options: {
  configuredKey: string | undefined;
  dataDir: string;
  logger: Logger;
}): Promise<EnvEncryptionKey> {
  if (options.configuredKey) {
    return { key: decodeEnvEncryptionKey(options.configuredKey), source: { configuredKey: options.configuredKey } };
  }
  const keyFile = path.join(path.resolve(options.dataDir), ENV_ENCRYPTION_KEY_FILE_NAME);
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  try {
    // "wx": two processes starting at once cannot both write a key; the second reads the first's.
    await writeFile(keyFile, `${randomBytes(ENV_ENCRYPTION_KEY_BYTES).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    options.logger.info({ keyFile }, "generated the environment variable encryption key");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (((await stat(keyFile)).mode & 0o077) !== 0) {
      await chmod(keyFile, 0o600);
      options.logger.warn({ keyFile }, "the environment variable encryption key was readable by others; restricted it to its owner");
    }
  }
  return { key: await readKeyFile(keyFile), source: { keyFile } };
}

/** The worker's start: the key the API chose, never a new one. */
export async function readEnvEncryptionKey(source: Partial<{ configuredKey: string; keyFile: string }>): Promise<Buffer> {
  if (source.configuredKey) return decodeEnvEncryptionKey(source.configuredKey);
  if (source.keyFile) return readKeyFile(source.keyFile);
  throw new Error("No environment variable encryption key: set ENV_ENCRYPTION_KEY or ENV_ENCRYPTION_KEY_FILE.");
}
