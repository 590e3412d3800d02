// What the worker needs from a place that runs model servers. Containers through the Docker Engine
// API (container/container-driver.ts) are the default wherever an engine answers; local child
// processes (local-process-driver.ts) are the zero-install fallback for one developer's machine.
// A Kubernetes driver would implement the same interface (see README.md in this folder).

import type { ModelServerSpec } from "@rts/db";

export interface InstanceLimits {
  vcpus: number;
  memoryGiB: number;
  gpus: number;
}

export interface InstanceLaunch {
  instanceId: string;
  serviceId: string;
  configurationId: string;
  ownerId: string;
  /**
   * The version's model server: its start file, relative to the checkout (samples, built-in
   * runtimes) or absolute (a package unpacked under the data directory), and its arguments.
   */
  entry: string;
  args: string[];
  /** A container image that runs its own command instead of `node <entry>` (registered or built per version). */
  image?: string;
  /** The port the server listens on inside its container (PORT is set to it); processes get a free one. */
  port?: number;
  /** The version's unpacked files: MODEL_DIR for the server (and its working directory as a process). */
  modelDir?: string;
  /** The path that answers 200 once the model is ready, e.g. "/health" or "/v2/health/ready". */
  healthPath: string;
  /** The application's name: MODEL_NAME for the server, the model name OIP clients use. */
  modelName: string;
  modelVersion: string;
  /** The configuration's environment variables (R8), decrypted; never logged. */
  env: Array<{ key: string; value: string }>;
  /** The specification's share of the machine (R18: hard limits where the driver can). */
  limits: InstanceLimits;
}

export interface LaunchedInstance {
  /** The model server's process id on this machine, where there is one. */
  pid: number | null;
  host: string;
  port: number;
}

export interface HealthTarget {
  instanceId: string;
  host: string;
  port: number;
  healthPath: string;
}

export interface HealthResult {
  healthy: boolean;
  /** What the check saw, in words: "GET /v2/health/ready answered 503", "connection refused". */
  detail: string;
  /** Nothing listens at the instance's address: it is not serving, whatever it did a moment ago. */
  unreachable?: boolean;
}

export interface InstanceExit {
  instanceId: string;
  code: number | null;
  signal: string | null;
  /** How the runtime explains the end, e.g. "the container was killed: out of memory (limit 2 GiB)". */
  reason: string;
}

export interface RuntimeCapacity {
  vcpus: number;
  memoryGiB: number;
  gpus: number;
}

export interface RuntimeDriver {
  /** "container" or "process": logged at start-up and shown in health. */
  readonly kind: "container" | "process";
  /** What the runtime really has: the public pool's capacity and whether GPU flavors are usable. */
  capacity(): Promise<RuntimeCapacity>;
  /**
   * Takes over instances an earlier worker left running (containers outlive it), so they keep
   * serving instead of being restarted. Returns their ids.
   */
  adopt(): Promise<string[]>;
  launch(spec: InstanceLaunch): Promise<LaunchedInstance>;
  /** Stops the instance (gracefully, then forcibly) and removes what the driver made for it. */
  stop(instanceId: string): Promise<void>;
  /** Whether this driver is running the instance right now. */
  isRunning(instanceId: string): boolean;
  /** GET of the version's health path; when nothing answers, the runtime's own account of why, if it has one. */
  checkHealth(instance: HealthTarget): Promise<HealthResult>;
  /** The last lines the instance printed, for failure reasons and the console. */
  lastOutput(instanceId: string): string;
  /** Removes what an earlier worker left for this instance, if it is not running here. */
  reapOrphan(instanceId: string, pid: number | null): Promise<boolean>;
  onExit(listener: (exit: InstanceExit) => void): void;
  /** What the worker does when it stops: a process driver must stop its children; containers live on. */
  release(): Promise<void>;
  /** Stops every instance this driver runs. */
  stopAll(): Promise<void>;
  runningInstanceIds(): string[];
  /** Drops what the driver remembers about an instance that no longer exists. */
  forget(instanceId: string): void;
}

/** What a version's stored model server (ModelServerSpec) asks of a launch: the same for an instance and a build's trial start. */
export function modelServerLaunch(spec: ModelServerSpec): Pick<InstanceLaunch, "entry" | "args" | "image" | "port" | "modelDir"> {
  return {
    entry: spec.entry ?? "",
    args: spec.args ?? [],
    ...(spec.image ? { image: spec.image } : {}),
    ...(spec.port ? { port: spec.port } : {}),
    ...(spec.modelDir ? { modelDir: spec.modelDir } : {}),
  };
}
