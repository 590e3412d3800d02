import { join } from "node:path";
import type { Logger } from "pino";
import type { ArtifactStore } from "./artifact-store.ts";
import { LocalArtifactStore } from "./local-artifact-store.ts";
import type { S3ArtifactSettings } from "./s3-artifact-store.ts";

export interface ArtifactStorageConfig {
  dataDir: string;
  /** From AppConfig.artifactS3; unset keeps artifacts in `<dataDir>/artifacts`. */
  s3: S3ArtifactSettings | undefined;
}

/**
 * The S3 bucket when one is configured, else the local folder; says which, once, at start. The
 * AWS SDK is loaded only then: it costs close to a second and 35 MiB at every start otherwise.
 */
export async function selectArtifactStore(config: ArtifactStorageConfig, logger: Pick<Logger, "info">): Promise<ArtifactStore> {
  const store = config.s3
    ? new (await import("./s3-artifact-store.ts")).S3ArtifactStore(config.s3)
    : new LocalArtifactStore(join(config.dataDir, "artifacts"));
  logger.info({ artifactStore: store.kind }, `model artifacts: ${store.description}`);
  return store;
}
