// What the worker needs from a place that runs model servers. The embedded default runs each
// instance as a local child process (local-process-driver.ts); a Kubernetes driver would implement
// the same interface (see README.md in this folder for the mapping).

export interface InstanceLaunch {
  instanceId: string;
  serviceId: string;
  /** The version's model server: an entry file relative to the checkout, and its arguments. */
  entry: string;
  args: string[];
  modelVersion: string;
  /** The configuration's environment variables (R8); never logged. */
  env: Array<{ key: string; value: string }>;
}

export interface LaunchedInstance {
  pid: number;
  host: string;
  port: number;
}

export interface HealthResult {
  healthy: boolean;
  /** What the check saw, in words: "GET /health answered 503", "connection refused". */
  detail: string;
}

export interface InstanceExit {
  instanceId: string;
  code: number | null;
  signal: string | null;
}

export interface RuntimeDriver {
  launch(spec: InstanceLaunch): Promise<LaunchedInstance>;
  /** Stops the instance's process (gracefully, then forcibly) if this driver runs it. */
  stop(instanceId: string): Promise<void>;
  /** Whether this driver is running the instance right now. */
  isRunning(instanceId: string): boolean;
  checkHealth(instance: { host: string; port: number }): Promise<HealthResult>;
  /** The last lines the instance printed, for failure reasons and the console. */
  lastOutput(instanceId: string): string;
  /** Stops a process left behind by an earlier worker, if `pid` is still that instance. */
  reapOrphan(instanceId: string, pid: number): Promise<boolean>;
  onExit(listener: (exit: InstanceExit) => void): void;
  stopAll(): Promise<void>;
  runningInstanceIds(): string[];
  /** Drops what the driver remembers about an instance that no longer exists. */
  forget(instanceId: string): void;
}
