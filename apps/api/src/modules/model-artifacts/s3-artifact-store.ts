import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { pipeline, type Readable } from "node:stream";
import { ArtifactNotFoundError, assertArtifactKey, type ArtifactStore, type StoredArtifact } from "./artifact-store.ts";
import { MeasuringStream } from "./measure-stream.ts";

export interface S3ArtifactSettings {
  bucket: string;
  /** An S3-compatible server (MinIO, Ceph...); unset means AWS itself. */
  endpoint?: string | undefined;
  region: string;
  forcePathStyle: boolean;
}

// A multipart upload holds at most PART_BYTES * PARTS_IN_FLIGHT of the file in memory.
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

/**
 * Artifacts as objects in one bucket. Credentials come from the AWS SDK's standard chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance roles...), never from our config.
 * Uploads are streamed as multipart uploads; a failed one is aborted, so no object appears.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly kind = "s3";
  readonly #client: S3Client;

  constructor(readonly settings: S3ArtifactSettings) {
    this.#client = new S3Client({
        region: settings.region,
        forcePathStyle: settings.forcePathStyle,
        ...(settings.endpoint
          ? {
              endpoint: settings.endpoint,
              // Many S3-compatible servers reject the SDK's default streaming checksums (aws-chunked trailers).
              requestChecksumCalculation: "WHEN_REQUIRED",
              responseChecksumValidation: "WHEN_REQUIRED",
            }
          : {}),
      });
  }

  get description(): string {
    return `S3 bucket ${this.settings.bucket}${this.settings.endpoint ? ` at ${this.settings.endpoint}` : ` in ${this.settings.region}`}`;
  }

  async put(key: string, source: Readable): Promise<StoredArtifact> {
    assertArtifactKey(key);
    const measuring = new MeasuringStream();
    const body = pipeline(source, measuring, () => undefined);
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.settings.bucket, Key: key, Body: body },
      partSize: PART_BYTES,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    await upload.done();
    return measuring.result();
  }

  async open(key: string): Promise<Readable> {
    assertArtifactKey(key);
    try {
      const object = await this.#client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey || error instanceof NotFound) throw new ArtifactNotFoundError(key);
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertArtifactKey(key);
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertArtifactKey(key);
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }
}
