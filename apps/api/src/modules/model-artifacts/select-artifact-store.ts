import { join } from "node:path";
import type { Logger } from "pino";
import type { ArtifactStore } from "./artifact-store.ts";
import { LocalArtifactStore } from "./local-artifact-store.ts";
import { S3ArtifactStore, type S3ArtifactSettings } from "./s3-artifact-store.ts";

export interface ArtifactStorageConfig {
  dataDir: string;
  /** From AppConfig.artifactS3; unset keeps artifacts in `<dataDir>/artifacts`. */
  s3: S3ArtifactSettings | undefined;
}

/** The S3 bucket when one is configured, else the local folder; says which, once, at start. */
export function selectArtifactStore(config: ArtifactStorageConfig, logger: Pick<Logger, "info">): ArtifactStore {
  const store = config.s3 ? new S3ArtifactStore(config.s3) : new LocalArtifactStore(join(config.dataDir, "artifacts"));
  logger.info({ artifactStore: store.kind }, `model artifacts: ${store.description}`);
  return store;
}
