import {
  formatByteSize,
  MODEL_PACKAGE_MANIFEST,
  MODEL_UPLOAD_LIMITS,
  type ModelPackageManifest,
  ModelPackageManifestSchema,
} from "@rts/contracts";
import { lstat, open, readdir } from "node:fs/promises";
import { join } from "node:path";

export interface ManifestIssue {
  /** The manifest field at fault ("entry", "exampleRequest.inputs"), or "" for the manifest as a whole. */
  path: string;
  /** Complete sentence for a person, starting with "rts-model.json: ". */
  message: string;
}

/** Everything wrong with a package's manifest, found at once. */
export class ManifestError extends Error {
  constructor(readonly issues: ManifestIssue[]) {
    super(issues.map((issue) => issue.message).join("; "));
    this.name = "ManifestError";
  }
}

export interface PackageManifest {
  manifest: ModelPackageManifest;
  /** The folder the manifest's paths are relative to: the unpacked folder or its single top folder. */
  packageRoot: string;
}

// Finder adds this folder to every zip it makes; it is never part of a package.
const IGNORED_TOP_LEVEL = new Set(["__MACOSX"]);
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

const issue = (path: string, what: string): ManifestIssue => ({ path, message: `${MODEL_PACKAGE_MANIFEST}: ${path ? `${path}: ` : ""}${what}` });

/**
 * Reads and checks `rts-model.json` of an unpacked package (see unpackArchive): at the root, or
 * inside the one top folder that `tar czf pkg.tgz mymodel/` makes. Throws ManifestError listing
 * every problem (syntax with line and column, each invalid field, each named file that is missing).
 */
export async function readManifest(unpackedDir: string, { maxManifestBytes = MODEL_UPLOAD_LIMITS.maxManifestBytes } = {}): Promise<PackageManifest> {
  const packageRoot = await findPackageRoot(unpackedDir);
  const manifestPath = join(packageRoot, MODEL_PACKAGE_MANIFEST);
  const text = await readSmallFile(manifestPath, maxManifestBytes, () => [
    issue("", `the manifest is larger than ${formatByteSize(maxManifestBytes)}; keep only the settings in it.`),
  ]);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError([issue("", describeSyntaxError(text, error as SyntaxError))]);
  }
  const parsed = ModelPackageManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ManifestError(parsed.error.issues.map((zodIssue) => issue(zodIssue.path.join("."), zodIssue.message)));
  }
  const manifest = parsed.data;
  const fileIssues = (
    await Promise.all(
      (["entry", "model", "labels"] as const).map((field) => {
        const path = manifest[field];
        return path ? checkNamedFile(packageRoot, field, path, field === "labels" ? maxManifestBytes : undefined) : null;
      }),
    )
  ).filter((found): found is ManifestIssue => found !== null);
  if (fileIssues.length) throw new ManifestError(fileIssues);
  return { manifest, packageRoot };
}

async function findPackageRoot(unpackedDir: string): Promise<string> {
  if (await isRegularFile(join(unpackedDir, MODEL_PACKAGE_MANIFEST))) return unpackedDir;
  const topLevel = (await readdir(unpackedDir, { withFileTypes: true })).filter((entry) => !IGNORED_TOP_LEVEL.has(entry.name));
  const [only] = topLevel;
  if (topLevel.length === 1 && only?.isDirectory() && (await isRegularFile(join(unpackedDir, only.name, MODEL_PACKAGE_MANIFEST)))) {
    return join(unpackedDir, only.name);
  }
  throw new ManifestError([
    issue("", "the package has no manifest at its root (nor inside a single top folder); add rts-model.json next to the model files."),
  ]);
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return false;
    throw error;
  }
}

/** Reads at most `maxBytes` + 1 bytes, so a huge file costs no more memory than a small one. */
async function readSmallFile(path: string, maxBytes: number, tooLarge: () => ManifestIssue[]): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new ManifestError(tooLarge());
    try {
      return STRICT_UTF8.decode(buffer.subarray(0, bytesRead));
    } catch {
      throw new ManifestError([issue("", "the manifest is not UTF-8 text; save it as UTF-8.")]);
    }
  } finally {
    await file.close();
  }
}

function describeSyntaxError(text: string, error: SyntaxError): string {
  const position = /at position (\d+)/.exec(error.message)?.[1];
  const offset = position === undefined ? text.length : Number(position);
  const before = text.slice(0, offset).split("\n");
  const line = before.length;
  const column = (before.at(-1)?.length ?? 0) + 1;
  const reason = error.message.replace(/\s*in JSON at position \d+.*$/, "").replace(/ of JSON input$/, " of the file");
  return `not valid JSON at line ${line}, column ${column} (${reason}); fix the syntax, e.g. a missing comma or quote.`;
}

async function checkNamedFile(root: string, field: string, path: string, maxBytes: number | undefined): Promise<ManifestIssue | null> {
  const quoted = JSON.stringify(path);
  try {
    const found = await lstat(join(root, path));
    if (found.isDirectory()) return issue(field, `${quoted} is a folder, not a file; name the file itself.`);
    if (!found.isFile()) return issue(field, `${quoted} is not a regular file.`);
    if (maxBytes !== undefined && found.size > maxBytes) return issue(field, `${quoted} is larger than ${formatByteSize(maxBytes)}; keep one short label per line.`);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return issue(field, `${quoted} is not in the package; add the file or correct the path (it is relative to rts-model.json).`);
    throw error;
  }
}
