// Built versions live under <dataDir>/versions/<versionId>/. The process driver runs model servers
// under an unprivileged per-owner uid, so the tree is world-readable (files 0644, folders 0755) and
// the data folder traversable; nothing in it is secret: it is what the owner uploaded.
import { chmod, lstat, mkdir, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";

export function versionsRoot(dataDir: string): string {
  return path.join(dataDir, "versions");
}

export function versionFolder(dataDir: string, versionId: string): string {
  return path.join(versionsRoot(dataDir), versionId);
}

/** A build's scratch space; the garbage collector removes those of builds that died. */
export function stagingFolder(dataDir: string, versionId: string): string {
  return path.join(versionsRoot(dataDir), `.staging-${versionId}`);
}

export async function prepareVersionsRoot(dataDir: string): Promise<void> {
  await mkdir(versionsRoot(dataDir), { recursive: true, mode: 0o755 });
  await chmod(versionsRoot(dataDir), 0o755);
  // Traverse only (no listing): the other files in the data folder keep their own modes.
  const info = await stat(dataDir);
  if ((info.mode & 0o001) === 0) await chmod(dataDir, (info.mode & 0o7777) | 0o001);
}

/** Files 0644, folders 0755: readable by the uid that runs the model, writable by none. */
export async function makeWorldReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeWorldReadable(full);
    else if (entry.isFile()) await chmod(full, 0o644);
  }
}

export interface FolderSize {
  files: number;
  bytes: number;
}

export async function folderSize(dir: string): Promise<FolderSize> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await folderSize(full);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files += 1;
      bytes += (await lstat(full)).size;
    }
  }
  return { files, bytes };
}

export function removeFolder(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
