// Every instance is one container on the Docker Engine API (R18): the specification's vCPUs and
// memory as hard cgroup limits plus a pids limit, an unprivileged per-owner uid, no capabilities,
// a read-only root filesystem, only its configuration's env vars, and a network of its owner's
// that has no route to the host's loopback services, the outside, or other owners' networks.
// Containers are supervised by the engine, not by the worker: they keep serving while the worker
// or the API restarts, and a new worker adopts them by their labels.
import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import type Docker from "dockerode";
import type { Logger } from "pino";
import { OutputTail } from "../output-tail.ts";
import { checkHttpHealth } from "../http-health-check.ts";
import type {
  HealthResult,
  HealthTarget,
  InstanceExit,
  InstanceLaunch,
  LaunchedInstance,
  RuntimeCapacity,
  RuntimeDriver,
} from "../runtime-driver.ts";
import { LABELS, containerName, ownerNetworkName, ownerUid } from "./container-labels.ts";
import type { EngineInfo } from "./container-engine.ts";

/** The port a model server listens on inside its container (PORT in the contract) unless its version names another. */
export const CONTAINER_PORT = 8080;
/** Where an image built per version holds the version's files (MODEL_DIR). */
export const CONTAINER_MODEL_DIR = "/model";
const STOP_GRACE_SECONDS = 3;
const REFUSED_EXIT_WAITS = 5;
export const PIDS_LIMIT = 256;
const GIB = 1024 ** 3;
// Below the engine's hard limits: raising them needs CAP_SYS_RESOURCE, which containers don't get.
const ULIMITS = [
  { Name: "nofile", Soft: 1024, Hard: 1024 },
  { Name: "nproc", Soft: 1024, Hard: 1024 },
];

interface Tracked {
  host: string;
  pid: number | null;
  logs?: Readable;
}

export interface ContainerDriverOptions {
  engine: EngineInfo;
  planeId: string;
  /** The image model-package versions run `node <entry>` in (model-runtime-image.ts). */
  runtimeImage: string;
  logger: Logger;
}

export class ContainerDriver implements RuntimeDriver {
  readonly kind = "container";
  private readonly docker: Docker;
  private readonly tracked = new Map<string, Tracked>();
  private readonly outputs = new Map<string, OutputTail>();
  private readonly exitListeners: Array<(exit: InstanceExit) => void> = [];
  private readonly networks = new Map<string, Promise<void>>();
  private events: Readable | undefined;
  private released = false;

  constructor(readonly options: ContainerDriverOptions) {
    this.docker = options.engine.docker;
  }

  async capacity(): Promise<RuntimeCapacity> {
    return engineCapacity(this.options.engine);
  }

  async adopt(): Promise<string[]> {
    await this.watchEvents();
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.plane}=${this.options.planeId}`] } });
    const adopted: string[] = [];
    for (const summary of containers) {
      const instanceId = summary.Labels[LABELS.instance];
      if (!instanceId) continue;
      const container = this.docker.getContainer(summary.Id);
      if (summary.State !== "running") {
        // It ended while no worker watched; keep what it printed for the reason, then clear it so
        // the reconciler's relaunch starts clean.
        await this.captureLogs(instanceId, container);
        await container.remove({ force: true }).catch(() => {});
        continue;
      }
      const inspected = await container.inspect();
      const host = inspected.NetworkSettings.Networks[ownerNetworkName(summary.Labels[LABELS.owner] ?? "")]?.IPAddress;
      if (!host) continue;
      this.tracked.set(instanceId, { host, pid: inspected.State.Pid || null });
      this.followLogs(instanceId, container);
      adopted.push(instanceId);
    }
    if (adopted.length > 0) this.options.logger.info({ adopted: adopted.length }, "adopted running instance containers");
    return adopted;
  }

  async launch(spec: InstanceLaunch): Promise<LaunchedInstance> {
    if (this.tracked.has(spec.instanceId)) await this.stop(spec.instanceId);
    await this.ensureNetwork(spec.ownerId);
    const network = ownerNetworkName(spec.ownerId);
    const memory = Math.round(spec.limits.memoryGiB * GIB);
    const uid = ownerUid(spec.ownerId);
    const port = spec.port ?? CONTAINER_PORT;
    const env = [
      ...spec.env.map(({ key, value }) => `${key}=${value}`),
      `PORT=${port}`,
      "HOST=0.0.0.0",
      `MODEL_NAME=${spec.modelName}`,
      `MODEL_VERSION=${spec.modelVersion}`,
      `RTS_INSTANCE_ID=${spec.instanceId}`,
      `RTS_SERVICE_ID=${spec.serviceId}`,
      // A version with files of its own runs from an image built for it, with those files here.
      ...(spec.modelDir ? [`MODEL_DIR=${CONTAINER_MODEL_DIR}`] : []),
    ];
    const options: Docker.ContainerCreateOptions = {
      name: containerName(spec.instanceId),
      Image: spec.image ?? this.options.runtimeImage,
      // A container image (registered, or built for the version) runs its own command
      // (MODEL_VERSION tells it the version); a sample runs its entry file under the runtime image's node.
      ...(spec.image ? {} : { Cmd: [`/app/${spec.entry}`, ...spec.args] }),
      Env: env,
      User: `${uid}:${uid}`,
      // A package's server runs from its own files, as it does as a process (MODEL_DIR).
      WorkingDir: spec.modelDir ? CONTAINER_MODEL_DIR : "/app",
      Labels: {
        [LABELS.plane]: this.options.planeId,
        [LABELS.service]: spec.serviceId,
        [LABELS.configuration]: spec.configurationId,
        [LABELS.instance]: spec.instanceId,
        [LABELS.owner]: spec.ownerId,
      },
      // An open stdin that nobody closes: servers that exit on stdin EOF (the contract's
      // "supervisor gone" signal for processes) keep running under the engine's supervision.
      OpenStdin: true,
      StdinOnce: false,
      ExposedPorts: { [`${port}/tcp`]: {} },
      HostConfig: {
        NetworkMode: network,
        Memory: memory,
        MemorySwap: memory,
        NanoCpus: Math.round(spec.limits.vcpus * 1e9),
        PidsLimit: PIDS_LIMIT,
        Ulimits: ULIMITS,
        ReadonlyRootfs: true,
        Tmpfs: { "/tmp": "rw,noexec,nosuid,nodev,size=64m" },
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        RestartPolicy: { Name: "no" },
        ...(spec.limits.gpus > 0
          ? { DeviceRequests: [{ Driver: "nvidia", Count: spec.limits.gpus, Capabilities: [["gpu"]] }] }
          : {}),
      },
    };
    const container = await this.create(options, spec.ownerId);
    this.outputs.set(spec.instanceId, new OutputTail());
    await container.start();
    const inspected = await container.inspect();
    const host = inspected.NetworkSettings.Networks[network]?.IPAddress;
    if (!host) throw new Error(`container ${containerName(spec.instanceId)} got no address on ${network}`);
    const pid = inspected.State.Pid || null;
    this.tracked.set(spec.instanceId, { host, pid });
    this.followLogs(spec.instanceId, container);
    if (!inspected.State.Running) void this.handleDie(spec.instanceId, container);
    return { pid, host, port };
  }

  /**
   * Creates the container, clearing the way once if needed: an ended container of the same
   * instance (a relaunch), or the owner's network removed by another plane's clean-up since it
   * was made. Checking first would cost two engine calls on every launch.
   */
  private async create(options: Docker.ContainerCreateOptions, ownerId: string): Promise<Docker.Container> {
    const network = this.networks.get(ownerNetworkName(ownerId));
    try {
      return await this.docker.createContainer(options);
    } catch (error) {
      // Docker answers 409; Podman 500 with "name is already in use".
      if ((error as { statusCode?: number }).statusCode === 409 || /already in use/i.test((error as Error).message)) {
        await this.docker.getContainer(options.name!).remove({ force: true }).catch(() => {});
      } else if (/network/i.test((error as Error).message)) {
        // Launches that failed on the same missing network recreate it once, together: two
        // concurrent creates of one name can leave Podman's service refusing that name.
        if (this.networks.get(ownerNetworkName(ownerId)) === network) this.networks.delete(ownerNetworkName(ownerId));
        await this.ensureNetwork(ownerId);
      } else {
        throw error;
      }
      return this.docker.createContainer(options);
    }
  }

  async stop(instanceId: string): Promise<void> {
    const entry = this.tracked.get(instanceId);
    this.tracked.delete(instanceId);
    entry?.logs?.destroy();
    const container = this.docker.getContainer(containerName(instanceId));
    await container.stop({ t: STOP_GRACE_SECONDS }).catch(() => {});
    await container.remove({ force: true }).catch(() => {});
  }

  isRunning(instanceId: string): boolean {
    return this.tracked.has(instanceId);
  }

  async checkHealth(instance: HealthTarget): Promise<HealthResult> {
    const result = await checkHttpHealth(instance);
    if (!result.unreachable) return result;
    // Refused: if the container has ended, say how (its exit is reported now rather than when the
    // engine's event arrives).
    const container = this.docker.getContainer(containerName(instance.instanceId));
    let inspected = await container.inspect().catch(() => null);
    // The engine learns of a kill a moment after the port closes: give it that moment.
    for (let wait = 0; inspected?.State.Running && wait < REFUSED_EXIT_WAITS; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      inspected = await container.inspect().catch(() => null);
    }
    if (!inspected || inspected.State.Running) return result;
    const reason = await describeEnd(inspected);
    void this.handleDie(instance.instanceId, container, { inspected, reason });
    return { ...result, detail: reason };
  }

  lastOutput(instanceId: string): string {
    return this.outputs.get(instanceId)?.text() ?? "";
  }

  async reapOrphan(instanceId: string): Promise<boolean> {
    if (this.tracked.has(instanceId)) return false;
    const container = this.docker.getContainer(containerName(instanceId));
    const inspected = await container.inspect().catch(() => null);
    if (!inspected || inspected.Config.Labels?.[LABELS.plane] !== this.options.planeId) return false;
    await container.remove({ force: true }).catch(() => {});
    return true;
  }

  onExit(listener: (exit: InstanceExit) => void): void {
    this.exitListeners.push(listener);
  }

  async release(): Promise<void> {
    this.released = true;
    this.events?.destroy();
    for (const entry of this.tracked.values()) entry.logs?.destroy();
    this.tracked.clear();
  }

  async stopAll(): Promise<void> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${LABELS.plane}=${this.options.planeId}`] } });
    await Promise.all(
      containers.map(async (summary) => {
        const instanceId = summary.Labels[LABELS.instance];
        if (instanceId) await this.stop(instanceId);
        else await this.docker.getContainer(summary.Id).remove({ force: true }).catch(() => {});
      }),
    );
    // Owners' networks that no container uses any more; the engine refuses to remove one in use.
    const owners = new Set(containers.map((c) => c.Labels[LABELS.owner]).filter((owner): owner is string => Boolean(owner)));
    for (const owner of owners) {
      const name = ownerNetworkName(owner);
      this.networks.delete(name);
      await this.docker.getNetwork(name).remove().catch(() => {});
    }
  }

  runningInstanceIds(): string[] {
    return [...this.tracked.keys()];
  }

  forget(instanceId: string): void {
    this.outputs.delete(instanceId);
  }

  /** Exits are pushed by the engine's event stream, so a dead instance is noticed at once. */
  private async watchEvents(): Promise<void> {
    if (this.events) return;
    const stream = (await this.docker.getEvents({
      // Podman's compatible API does not filter by event name, so "die" is picked out below.
      filters: { type: ["container"], label: [`${LABELS.plane}=${this.options.planeId}`] },
    })) as unknown as Readable;
    this.events = stream;
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const event = JSON.parse(line) as { Action?: string; status?: string; Actor?: { ID?: string; Attributes?: Record<string, string> } };
          const instanceId = event.Actor?.Attributes?.[LABELS.instance];
          if ((event.Action ?? event.status) !== "die") continue;
          if (instanceId && event.Actor?.ID) void this.handleDie(instanceId, this.docker.getContainer(event.Actor.ID));
        } catch {
          // A partial or foreign line: the next resync catches anything missed.
        }
      }
    });
    stream.on("error", () => {});
    stream.on("close", () => {
      if (this.events === stream) this.events = undefined;
      if (!this.released) {
        this.options.logger.warn("container engine event stream closed; reconnecting");
        setTimeout(() => void this.watchEvents().catch(() => {}), 1_000);
      }
    });
  }

  /** Reports an instance's end once; `known` is what a health check already read from the engine. */
  private async handleDie(
    instanceId: string,
    container: Docker.Container,
    known?: { inspected: Docker.ContainerInspectInfo; reason: string },
  ): Promise<void> {
    const inspected = known?.inspected ?? (await container.inspect().catch(() => null));
    // A die from a container this driver already replaced or stopped is old news.
    if (inspected && inspected.Name.replace(/^\//, "") !== containerName(instanceId)) return;
    if (inspected?.State.Running) return;
    const entry = this.tracked.get(instanceId);
    if (!entry) return;
    if (inspected && entry.pid !== null && inspected.State.Pid && inspected.State.Pid !== entry.pid) return;
    this.tracked.delete(instanceId);
    await this.captureLogs(instanceId, container);
    entry.logs?.destroy();
    const code = inspected?.State.ExitCode ?? null;
    const reason = known?.reason ?? (inspected ? await describeEnd(inspected) : "the container was removed");
    for (const listener of this.exitListeners) listener({ instanceId, code, signal: code === 137 ? "SIGKILL" : null, reason });
  }

  private followLogs(instanceId: string, container: Docker.Container): void {
    const output = this.outputs.get(instanceId) ?? new OutputTail();
    this.outputs.set(instanceId, output);
    void (async () => {
      const raw = (await container.logs({ follow: true, stdout: true, stderr: true, tail: 20 })) as unknown as Readable;
      const entry = this.tracked.get(instanceId);
      if (!entry) return raw.destroy();
      entry.logs = raw;
      const sink = new PassThrough();
      sink.on("data", (chunk: Buffer) => output.push(chunk));
      this.docker.modem.demuxStream(raw, sink, sink);
      raw.on("error", () => {});
    })().catch(() => {});
  }

  private async captureLogs(instanceId: string, container: Docker.Container): Promise<void> {
    const raw = await container.logs({ follow: false, stdout: true, stderr: true, tail: 20 }).catch(() => null);
    if (!raw) return;
    const output = new OutputTail();
    output.push(demuxBuffer(raw as unknown as Buffer));
    this.outputs.set(instanceId, output);
  }

  private ensureNetwork(ownerId: string): Promise<void> {
    const name = ownerNetworkName(ownerId);
    let pending = this.networks.get(name);
    if (!pending) {
      pending = this.createNetwork(name, ownerId);
      this.networks.set(name, pending);
      pending.catch(() => this.networks.delete(name));
    }
    return pending;
  }

  private async createNetwork(name: string, ownerId: string): Promise<void> {
    const existing = await this.docker.getNetwork(name).inspect().catch(() => null);
    if (existing) return;
    await this.docker
      .createNetwork({
        Name: name,
        Driver: "bridge",
        // Internal: no route out, so the only way in or out is the host talking to the instance.
        Internal: true,
        Labels: { [LABELS.owner]: ownerId },
        // Docker isolates bridge networks from each other by default; Podman needs asking.
        ...(this.options.engine.podman ? { Options: { isolate: "true" } } : {}),
      })
      .catch(async (error: unknown) => {
        // Another worker or launch made it meanwhile.
        if (!(await this.docker.getNetwork(name).inspect().catch(() => null))) throw error;
      });
  }
}

/** The engine's CPUs and memory; GPUs only when the machine has NVIDIA devices to hand out. */
export async function engineCapacity(engine: EngineInfo): Promise<RuntimeCapacity> {
  const devices = await readdir("/dev").catch(() => [] as string[]);
  return {
    vcpus: engine.cpus,
    memoryGiB: Math.floor(engine.memoryBytes / GIB),
    gpus: devices.filter((d) => /^nvidia\d+$/.test(d)).length,
  };
}

/** How a container ended, in the runtime's words: "the container was killed: out of memory (limit 2 GiB)". */
async function describeEnd(inspected: Docker.ContainerInspectInfo): Promise<string> {
  const code = inspected.State.ExitCode;
  const outOfMemory = inspected.State.OOMKilled || (code === 137 && (await kernelReportsOomKill(inspected.Id)));
  if (outOfMemory) return `the container was killed: out of memory (limit ${formatBytes(inspected.HostConfig.Memory ?? 0)})`;
  if (code === 137) return "the container was killed by SIGKILL (exit code 137)";
  return `the container exited with code ${code}`;
}

/**
 * Whether the kernel's log records an out-of-memory kill in this container's memory cgroup. Docker
 * reports OOMKilled itself; Podman on cgroup v1 answers false after such a kill, so the kernel's
 * own record ("oom-kill:... oom_memcg=/libpod_parent/libpod-<id>") is the source of truth there.
 */
async function kernelReportsOomKill(containerId: string): Promise<boolean> {
  const log = await new Promise<string>((resolve) =>
    execFile("dmesg", { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => resolve(error ? "" : stdout)),
  );
  return log.split("\n").some((line) => line.includes("oom-kill:") && line.includes(containerId));
}

function formatBytes(bytes: number): string {
  if (bytes <= 0) return "none";
  return bytes % GIB === 0 ? `${bytes / GIB} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** Docker's multiplexed log format: 8-byte frame headers (stream, size) before each chunk. */
function demuxBuffer(buffer: Buffer): string {
  if (!Buffer.isBuffer(buffer)) return String(buffer);
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return offset === buffer.length ? Buffer.concat(parts).toString() : buffer.toString();
}
