// The zero-install fallback, for one developer's machine: every instance is a model-server process
// on this machine with its own loopback port. Its stdin is a pipe the server watches; if the worker
// dies, even by SIGKILL, the pipe closes and the model server exits, so no instance outlives its
// supervisor. It isolates far less than containers (README "Security model"): no cgroup limits, and
// the loopback port answers any local process.
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, copyFile, mkdir, readFile, rename, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort, repoRoot } from "@rts/db";
import type { HealthResult, HealthTarget, InstanceExit, InstanceLaunch, LaunchedInstance, RuntimeCapacity, RuntimeDriver } from "./runtime-driver.ts";
import { checkHttpHealth } from "./http-health-check.ts";
import { OutputTail } from "./output-tail.ts";
import { ownerUid } from "./container/container-labels.ts";

const HOST = "127.0.0.1";
const STOP_GRACE_MS = 3_000;
// Only these of the worker's own variables reach a model server; the worker's environment holds
// the database URL and must not leak into user code.
const INHERITED_ENV = ["PATH", "LANG", "TZ", "HOME"];

interface Running {
  child: ChildProcess;
  output: OutputTail;
  exited: Promise<void>;
}

export class LocalProcessDriver implements RuntimeDriver {
  readonly kind = "process";
  private readonly running = new Map<string, Running>();
  private readonly outputs = new Map<string, OutputTail>();
  private readonly exitListeners: Array<(exit: InstanceExit) => void> = [];

  async capacity(): Promise<RuntimeCapacity> {
    return { vcpus: os.availableParallelism(), memoryGiB: Math.floor(os.totalmem() / 1024 ** 3), gpus: 0 };
  }

  /** Processes never outlive their worker, so there is nothing to adopt. */
  async adopt(): Promise<string[]> {
    return [];
  }

  async launch(spec: InstanceLaunch): Promise<LaunchedInstance> {
    await this.stop(spec.instanceId);
    const port = await freePort();
    const env: Record<string, string> = {};
    for (const key of INHERITED_ENV) if (process.env[key]) env[key] = process.env[key]!;
    for (const { key, value } of spec.env) env[key] = value;
    Object.assign(env, {
      PORT: String(port),
      HOST,
      MODEL_NAME: spec.modelName,
      MODEL_VERSION: spec.modelVersion,
      RTS_INSTANCE_ID: spec.instanceId,
      RTS_SERVICE_ID: spec.serviceId,
      ...(spec.modelDir ? { MODEL_DIR: spec.modelDir } : {}),
    });
    // Run as root, the worker would hand the model root too: instead each owner's instances run
    // under an unprivileged uid of their own, which can't read the control plane's /proc/*/environ.
    const asOwner = process.getuid?.() === 0 ? ownerUid(spec.ownerId) : undefined;
    if (asOwner !== undefined) env.HOME = "/tmp";
    // An absolute entry is an unpacked package's own server; a relative one a sample or built-in runtime.
    const entry = path.isAbsolute(spec.entry) ? spec.entry : path.resolve(repoRoot, spec.entry);
    const child = spawn(asOwner === undefined ? process.execPath : await sharedNodeBinary(), [entry, ...spec.args], {
      cwd: spec.modelDir ?? repoRoot,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      ...(asOwner === undefined ? {} : { uid: asOwner, gid: asOwner }),
    });
    const output = new OutputTail();
    this.outputs.set(spec.instanceId, output);
    child.stdout!.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk));
    child.stdin!.on("error", () => {});
    const exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        if (this.running.get(spec.instanceId)?.child === child) this.running.delete(spec.instanceId);
        const reason = `the process ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`;
        for (const listener of this.exitListeners) listener({ instanceId: spec.instanceId, code, signal, reason });
        resolve();
      });
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    this.running.set(spec.instanceId, { child, output, exited });
    return { pid: child.pid ?? null, host: HOST, port };
  }

  async stop(instanceId: string): Promise<void> {
    const entry = this.running.get(instanceId);
    if (!entry) return;
    entry.child.kill("SIGTERM");
    const timer = setTimeout(() => entry.child.kill("SIGKILL"), STOP_GRACE_MS);
    await entry.exited;
    clearTimeout(timer);
  }

  isRunning(instanceId: string): boolean {
    return this.running.has(instanceId);
  }

  checkHealth(instance: HealthTarget): Promise<HealthResult> {
    return checkHttpHealth(instance);
  }

  lastOutput(instanceId: string): string {
    return this.outputs.get(instanceId)?.text() ?? "";
  }

  async reapOrphan(instanceId: string, pid: number | null): Promise<boolean> {
    if (this.running.has(instanceId) || pid === null) return false;
    // The pid may have been reused by an unrelated process: only a process started for this
    // instance carries its id in its environment.
    const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
    if (!environ.split("\0").includes(`RTS_INSTANCE_ID=${instanceId}`)) return false;
    try {
      process.kill(pid, "SIGKILL");
      return true;
    } catch {
      return false;
    }
  }

  onExit(listener: (exit: InstanceExit) => void): void {
    this.exitListeners.push(listener);
  }

  release(): Promise<void> {
    return this.stopAll();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  runningInstanceIds(): string[] {
    return [...this.running.keys()];
  }

  forget(instanceId: string): void {
    this.outputs.delete(instanceId);
  }
}

let sharedNode: Promise<string> | undefined;

/**
 * This Node binary where an unprivileged uid may run it: the worker's own may sit under /root
 * (0700). The copy lives in a root-owned folder of the checkout that no other user can write to.
 */
function sharedNodeBinary(): Promise<string> {
  sharedNode ??= (async () => {
    const folder = path.join(repoRoot, "node_modules", ".cache", "rts-runtime");
    const target = path.join(folder, `node-${process.version}`);
    const present = await stat(target).catch(() => null);
    if (present?.uid === 0 && (present.mode & 0o022) === 0) return target;
    await mkdir(folder, { recursive: true, mode: 0o755 });
    await chmod(folder, 0o755);
    const partial = `${target}.${process.pid}`;
    await copyFile(process.execPath, partial);
    await chmod(partial, 0o755);
    await rename(partial, target);
    return target;
  })();
  return sharedNode;
}
