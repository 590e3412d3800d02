import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readConfig } from "../../config.ts";
import { LocalArtifactStore } from "./local-artifact-store.ts";
import { S3ArtifactStore } from "./s3-artifact-store.ts";
import { selectArtifactStore } from "./select-artifact-store.ts";

describe("selectArtifactStore", () => {
  it("keeps artifacts under the data folder unless a bucket is configured, and logs which", async () => {
    const logger = { info: vi.fn() };
    const store = await selectArtifactStore({ dataDir: "/var/lib/rts", s3: readConfig({}).artifactS3 }, logger);
    expect(store).toBeInstanceOf(LocalArtifactStore);
    expect((store as LocalArtifactStore).root).toBe(join("/var/lib/rts", "artifacts"));
    expect(logger.info).toHaveBeenCalledWith({ artifactStore: "local" }, "model artifacts: local folder /var/lib/rts/artifacts");
  });

  it("uses the configured S3-compatible bucket, naming bucket and endpoint but no credentials", async () => {
    const logger = { info: vi.fn() };
    const config = readConfig({ ARTIFACT_S3_BUCKET: "models", ARTIFACT_S3_ENDPOINT: "http://127.0.0.1:9000", ARTIFACT_S3_FORCE_PATH_STYLE: "true", AWS_SECRET_ACCESS_KEY: "s3cr3t" });
    expect(config.artifactS3).toEqual({ bucket: "models", endpoint: "http://127.0.0.1:9000", region: "us-east-1", forcePathStyle: true });
    const store = await selectArtifactStore({ dataDir: "/var/lib/rts", s3: config.artifactS3 }, logger);
    expect(store).toBeInstanceOf(S3ArtifactStore);
    expect(logger.info).toHaveBeenCalledWith({ artifactStore: "s3" }, "model artifacts: S3 bucket models at http://127.0.0.1:9000");
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain("s3cr3t");
  });

  it("refuses an endpoint without a bucket and an endpoint that is not a URL", () => {
    expect(() => readConfig({ ARTIFACT_S3_ENDPOINT: "http://127.0.0.1:9000" })).toThrow("ARTIFACT_S3_BUCKET: must be set when ARTIFACT_S3_ENDPOINT is");
    expect(() => readConfig({ ARTIFACT_S3_BUCKET: "b", ARTIFACT_S3_ENDPOINT: "minio:9000" })).toThrow("ARTIFACT_S3_ENDPOINT: must be an http(s) URL");
  });
});
