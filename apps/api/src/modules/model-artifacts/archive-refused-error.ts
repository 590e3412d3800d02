/** Why an archive was refused; the API and the build record the message, tests assert the reason. */
export type ArchiveRefusalReason =
  | "not-an-archive"
  | "corrupt"
  | "absolute-path"
  | "parent-segment"
  | "windows-path"
  | "bad-name"
  | "link"
  | "special-file"
  | "duplicate"
  | "too-many-entries"
  | "entry-too-large"
  | "too-large"
  | "unsupported-entry";

/**
 * An archive the platform will not unpack. `message` names the archive, the entry where there is
 * one, what is wrong and what to do, e.g. `model.tgz: entry "../run.sh" climbs out of the package
 * with ".."; pack only files inside the package folder.`
 */
export class ArchiveRefusedError extends Error {
  constructor(
    readonly reason: ArchiveRefusalReason,
    message: string,
    readonly entry: string | null = null,
  ) {
    super(message);
    this.name = "ArchiveRefusedError";
  }
}

/** Entry names are quoted as JSON strings so control characters show as escapes, not as raw bytes. */
export function quoteEntryName(name: string): string {
  return JSON.stringify(name);
}
