import { ArchiveRefusedError, quoteEntryName } from "./archive-refused-error.ts";

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const MAX_SEGMENT_BYTES = 255;
const MAX_PATH_BYTES = 1024;

/**
 * Turns an entry's name into segments of a path inside the package, or refuses it. Leading "./"
 * and doubled slashes are what ordinary tools write and are accepted; anything that could point
 * outside the target folder, or that a person would not recognise as a plain file name, is not.
 * An empty result means the entry is the archive's own root folder ("./").
 */
export function entryPathSegments(archiveName: string, name: string): string[] {
  const quoted = quoteEntryName(name);
  const refuse = (reason: ConstructorParameters<typeof ArchiveRefusedError>[0], what: string) =>
    new ArchiveRefusedError(reason, `${archiveName}: entry ${quoted} ${what}`, name);

  // Decoders turn invalid UTF-8 into U+FFFD; a real name with that character is not worth the ambiguity.
  if (name.includes("\uFFFD")) throw refuse("bad-name", "has a name that is not valid UTF-8; rename it using UTF-8 and pack again.");
  if (CONTROL_CHARACTERS.test(name)) throw refuse("bad-name", "has control characters in its name; rename it and pack again.");
  if (name.includes("\\")) throw refuse("windows-path", 'uses backslashes (a Windows path); pack with a tool that writes "/" separators.');
  if (/^[A-Za-z]:/.test(name)) throw refuse("windows-path", "starts with a Windows drive letter; pack relative paths only.");
  if (name.startsWith("/")) throw refuse("absolute-path", "is an absolute path; pack relative paths only (e.g. run tar inside the package folder).");
  if (Buffer.byteLength(name) > MAX_PATH_BYTES) throw refuse("bad-name", `has a path longer than ${MAX_PATH_BYTES} bytes; shorten it.`);

  const segments = name.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) throw refuse("parent-segment", 'climbs out of the package with ".."; pack only files inside the package folder.');
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)) {
    throw refuse("bad-name", `has a name part longer than ${MAX_SEGMENT_BYTES} bytes; shorten it.`);
  }
  return segments;
}
