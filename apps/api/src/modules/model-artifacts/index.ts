export { ArtifactNotFoundError, InvalidArtifactKeyError, assertArtifactKey, type ArtifactStore, type StoredArtifact } from "./artifact-store.ts";
export { LocalArtifactStore } from "./local-artifact-store.ts";
// The S3 store is loaded by selectArtifactStore only when configured (see there).
export type { S3ArtifactSettings } from "./s3-artifact-store.ts";
export { selectArtifactStore, type ArtifactStorageConfig } from "./select-artifact-store.ts";
export { receiveUpload, UploadTooLargeError } from "./receive-upload.ts";
export { ArchiveRefusedError, type ArchiveRefusalReason } from "./archive-refused-error.ts";
export { unpackArchive, type UnpackOptions } from "./unpack-archive.ts";
export { DEFAULT_UNPACK_LIMITS, type UnpackLimits } from "./unpack-limits.ts";
export { ManifestError, readManifest, type ManifestIssue, type PackageManifest } from "./read-manifest.ts";
