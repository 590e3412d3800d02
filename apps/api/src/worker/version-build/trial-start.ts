// Before a version is Normal its server is started once, exactly as an instance would be, and must
// answer its health check: a package whose server crashes or never gets ready is Failed with what
// it printed, instead of failing every deploy later.
import { randomUUID } from "node:crypto";
import type { InstanceLaunch, RuntimeDriver } from "../../runtime/runtime-driver.ts";
import { BuildRefusal } from "./build-refusal.ts";

const POLL_MS = 250;

export interface TrialOptions {
  /** How long the server may take to answer 200; a model that loads slowly gets this long. */
  readyWithinMs: number;
}

/** Lines a person can read in a version's reason: the end of what the server printed. */
function outputTail(text: string): string {
  const lines = text.trim().split("\n").slice(-8).join("\n").slice(-1500);
  return lines ? ` Its last output:\n${lines}` : " It printed nothing.";
}

export class TrialStarts {
  private readonly exits = new Map<string, string>();
  private readonly watching = new Set<string>();

  constructor(private readonly driver: RuntimeDriver) {
    driver.onExit((exit) => {
      if (this.watching.has(exit.instanceId)) this.exits.set(exit.instanceId, exit.reason);
    });
  }

  /** Starts the server, waits for its health check, stops it; throws BuildRefusal with its output if it is not ready. */
  async run(
    launch: Omit<InstanceLaunch, "instanceId" | "serviceId" | "configurationId" | "env" | "limits">,
    what: string,
    options: TrialOptions,
  ): Promise<void> {
    const { driver } = this;
    const instanceId = randomUUID();
    this.watching.add(instanceId);
    try {
      const launched = await driver.launch({
        ...launch,
        instanceId,
        serviceId: "version-build",
        configurationId: "version-build",
        env: [],
        limits: { vcpus: 1, memoryGiB: 1, gpus: 0 },
      });
      const deadline = Date.now() + options.readyWithinMs;
      let last = "it was not checked yet";
      while (Date.now() < deadline) {
        const exited = this.exits.get(instanceId);
        if (exited) throw new BuildRefusal(`${what} stopped during its trial start: ${exited}.${outputTail(driver.lastOutput(instanceId))}`);
        const health = await driver.checkHealth({ instanceId, host: launched.host, port: launched.port, healthPath: launch.healthPath });
        if (health.healthy) return;
        last = health.detail;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new BuildRefusal(
        `${what} did not become ready within ${Math.round(options.readyWithinMs / 1000)} s of its trial start (${last}).${outputTail(driver.lastOutput(instanceId))}`,
      );
    } finally {
      await driver.stop(instanceId).catch(() => {});
      driver.forget(instanceId);
      this.watching.delete(instanceId);
      this.exits.delete(instanceId);
    }
  }

  /** Stops the trials under way; only those: a container driver's stopAll would end every instance. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.watching].map((instanceId) => this.driver.stop(instanceId).catch(() => {})));
  }
}
