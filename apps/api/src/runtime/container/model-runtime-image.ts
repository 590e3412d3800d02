// Builds the images instances run from, offline (no registry is reachable here, and users' machines
// should not need one for the samples): a minimal root filesystem holding this Node binary, the
// shared libraries it links, the sample applications and the built-in runtimes (the ONNX runtime
// with ONNX Runtime's CPU binding and the libraries it links). Tags carry a content hash, so a
// start with unchanged files reuses the image, and a changed sample gets a new one.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type Docker from "dockerode";
import tar from "tar-stream";
import type { Logger } from "pino";
import { repoRoot } from "@rts/db";

export const RUNTIME_IMAGE_REPOSITORY = "localhost/rts-model-runtime";
/** The uid:gid images default to; instances get a per-owner uid on top (container-driver.ts). */
export const UNPRIVILEGED_USER = "65534:65534";
const SAMPLE_APPS = "sample-apps";
const RUNTIMES = "runtimes";
const SKIPPED = new Set(["node_modules", "scripts", "testing"]);

export interface RootfsFile {
  /** Absolute path inside the image. */
  target: string;
  /** File on this machine to copy. */
  source: string;
  mode: number;
}

/** The system's shared libraries `ldd` says a binary loads (the binary's own folder excluded). */
function sharedLibraries(binary: string): RootfsFile[] {
  const ldd = execFileSync("ldd", [binary], { encoding: "utf8" });
  const files: RootfsFile[] = [];
  for (const line of ldd.split("\n")) {
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x/.exec(line);
    if (match && path.dirname(match[1]!) !== path.dirname(binary)) files.push({ target: match[1]!, source: match[1]!, mode: 0o755 });
  }
  return files;
}

/** The Node binary and every shared library it loads. */
function nodeRuntimeFiles(): RootfsFile[] {
  return [{ target: "/usr/local/bin/node", source: process.execPath, mode: 0o755 }, ...sharedLibraries(process.execPath)];
}

async function walk(dir: string, into: string, files: RootfsFile[], keep: (name: string) => boolean = () => true): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.endsWith(".test.mjs")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, path.posix.join(into, entry.name), files, keep);
    else if (entry.isFile() && keep(entry.name)) files.push({ target: path.posix.join(into, entry.name), source: full, mode: 0o644 });
  }
}

/** The folder of an installed package, as `from` resolves it (pnpm links it beside its dependent). */
async function packageRoot(from: string, name: string): Promise<string> {
  let dir = path.dirname(createRequire(path.join(from, "package.json")).resolve(name));
  while (!existsSync(path.join(dir, "package.json")) || JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")).name !== name) {
    if (dir === path.dirname(dir)) throw new Error(`cannot find the package folder of ${name} from ${from}`);
    dir = path.dirname(dir);
  }
  return realpath(dir);
}

const isJavaScript = (name: string) => name.endsWith(".js") || name === "package.json";

/**
 * runtimes/ with ONNX Runtime for Node: its JavaScript, and of its binaries only the CPU binding
 * for this platform (the CUDA and TensorRT providers its install script would fetch are never
 * there), plus every system library the binding and libonnxruntime load.
 */
async function builtInRuntimeFiles(): Promise<RootfsFile[]> {
  const files: RootfsFile[] = [];
  const root = path.join(repoRoot, RUNTIMES);
  await walk(root, `/app/${RUNTIMES}`, files);
  const modules = `/app/${RUNTIMES}/node_modules`;
  const ortNode = await packageRoot(root, "onnxruntime-node");
  const ortCommon = await packageRoot(ortNode, "onnxruntime-common");
  files.push({ target: `${modules}/onnxruntime-node/package.json`, source: path.join(ortNode, "package.json"), mode: 0o644 });
  await walk(path.join(ortNode, "dist"), `${modules}/onnxruntime-node/dist`, files, isJavaScript);
  const binding = `bin/napi-v6/${process.platform}/${process.arch}`;
  await walk(path.join(ortNode, binding), `${modules}/onnxruntime-node/${binding}`, files);
  files.push({ target: `${modules}/onnxruntime-common/package.json`, source: path.join(ortCommon, "package.json"), mode: 0o644 });
  await walk(path.join(ortCommon, "dist", "cjs"), `${modules}/onnxruntime-common/dist/cjs`, files, isJavaScript);
  for (const native of await readdir(path.join(ortNode, binding))) files.push(...sharedLibraries(path.join(ortNode, binding, native)));
  return files;
}

/** One entry per target: the libraries Node and ONNX Runtime both load are copied once. */
function uniqueTargets(files: RootfsFile[]): RootfsFile[] {
  return [...new Map(files.map((file) => [file.target, file])).values()];
}

/** The sample applications with their one dependency (ws), symlinks resolved. */
async function sampleAppFiles(): Promise<RootfsFile[]> {
  const files: RootfsFile[] = [];
  const root = path.join(repoRoot, SAMPLE_APPS);
  await walk(root, `/app/${SAMPLE_APPS}`, files);
  const ws = await realpath(path.join(root, "node_modules", "ws"));
  await walk(ws, `/app/${SAMPLE_APPS}/node_modules/ws`, files);
  return files;
}

async function contentHash(files: RootfsFile[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of [...files].sort((a, b) => a.target.localeCompare(b.target))) {
    const info = await stat(file.source);
    hash.update(`${file.target}\0${info.size}\0`);
    // The Node binary and libraries (ONNX Runtime's too, whose package.json is hashed) are large and
    // change only with their size or version.
    if (file.target.startsWith("/app/") && !file.target.includes("/bin/napi-v")) hash.update(await readFile(file.source));
  }
  hash.update(process.version);
  return hash.digest("hex").slice(0, 16);
}

/** A build context: the Dockerfile, and each file under rootfs/ at its target path with its mode. */
export function buildContext(files: RootfsFile[], dockerfile: string): tar.Pack {
  const pack = tar.pack();
  void (async () => {
    pack.entry({ name: "Dockerfile" }, dockerfile);
    for (const file of files) {
      const info = await lstat(file.source).then((l) => (l.isSymbolicLink() ? stat(file.source) : l));
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name: `rootfs${file.target}`, size: info.size, mode: file.mode }, (error) =>
          error ? reject(error) : resolve(),
        );
        createReadStream(file.source).on("error", reject).pipe(entry);
      });
    }
    pack.finalize();
  })().catch((error: unknown) => pack.destroy(error as Error));
  return pack;
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

export async function buildImage(docker: Docker, tag: string, context: tar.Pack): Promise<void> {
  const stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, { t: tag, rm: true, forcerm: true });
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error, output) => {
      const failed = (output as Array<{ error?: string }> | undefined)?.find((o) => o.error);
      if (error || failed) reject(new Error(`image build of ${tag} failed: ${error?.message ?? failed?.error}`));
      else resolve();
    });
  });
}

/** Every file of the runtime image's root filesystem. */
export async function runtimeImageFiles(): Promise<RootfsFile[]> {
  return uniqueTargets([...nodeRuntimeFiles(), ...(await sampleAppFiles()), ...(await builtInRuntimeFiles())]);
}

/**
 * Makes sure the runtime image exists and returns its tag. Model-package versions run
 * `node /app/<entry>` in it; container-image samples are built on top of it.
 */
export async function ensureRuntimeImage(docker: Docker, logger: Logger): Promise<string> {
  const files = await runtimeImageFiles();
  const tag = `${RUNTIME_IMAGE_REPOSITORY}:${await contentHash(files)}`;
  if (await imageExists(docker, tag)) return tag;
  const started = Date.now();
  logger.info({ tag }, "building the model runtime image (once; it is cached by content)");
  const dockerfile = [
    "FROM scratch",
    "COPY rootfs/ /",
    `USER ${UNPRIVILEGED_USER}`,
    "WORKDIR /app",
    'ENTRYPOINT ["/usr/local/bin/node"]',
    'LABEL org.opencontainers.image.title="Real-Time Services model runtime"',
  ].join("\n");
  await buildImage(docker, tag, buildContext(files, dockerfile));
  logger.info({ tag, ms: Date.now() - started }, "model runtime image built");
  return tag;
}

/**
 * An application packaged as a container image of its own, as a user would push one: `image` is
 * the stable reference a version records, rebuilt when the runtime image under it changes. `files`
 * go into /app beside the samples.
 */
export async function ensureSampleImage(
  docker: Docker,
  runtimeTag: string,
  image: string,
  entry: string,
  files: Array<{ target: string; source: string }> = [],
): Promise<void> {
  const inspected = await docker
    .getImage(image)
    .inspect()
    .catch(() => null);
  if (inspected?.Config?.Labels?.["rts.runtime-image"] === runtimeTag && files.length === 0) return;
  const dockerfile = [
    `FROM ${runtimeTag}`,
    ...(files.length > 0 ? ["COPY rootfs/ /"] : []),
    `CMD ["/app/${entry}"]`,
    "EXPOSE 8080",
    `LABEL rts.runtime-image="${runtimeTag}"`,
  ].join("\n");
  await buildImage(docker, image, buildContext(files.map((f) => ({ ...f, mode: 0o644 })), dockerfile));
}
