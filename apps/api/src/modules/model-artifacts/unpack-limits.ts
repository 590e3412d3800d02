import { MODEL_UPLOAD_LIMITS } from "@rts/contracts";

export interface UnpackLimits {
  /** Most entries (files and folders) an archive may hold. */
  maxEntries: number;
  /** Largest total of the bytes actually inflated, whatever the archive's headers claim. */
  maxUnpackedBytes: number;
  /** Largest single file. */
  maxEntryBytes: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = {
  maxEntries: MODEL_UPLOAD_LIMITS.maxEntries,
  maxUnpackedBytes: MODEL_UPLOAD_LIMITS.maxUnpackedBytes,
  maxEntryBytes: MODEL_UPLOAD_LIMITS.maxUnpackedBytes,
};
