// Which runtime runs instances: containers whenever a Docker Engine API answers (RUNTIME_DRIVER=auto,
// the default), local processes otherwise, or whichever RUNTIME_DRIVER names. The API decides once
// at start-up and hands its choice to the worker, so both report the same runtime.
import type { Logger } from "pino";
import { ContainerDriver, engineCapacity } from "./container/container-driver.ts";
import { connectEngine, engineSocketCandidates, type EngineInfo } from "./container/container-engine.ts";
import { controlPlaneId } from "./container/container-labels.ts";
import { ensureRuntimeImage, ensureSampleImage } from "./container/model-runtime-image.ts";
import { LocalProcessDriver } from "./local-process-driver.ts";
import type { RuntimeCapacity, RuntimeDriver } from "./runtime-driver.ts";

export type RuntimeChoice = "auto" | "container" | "process";

export interface RuntimeSettings {
  choice: RuntimeChoice;
  /** CONTAINER_ENGINE_SOCKET, else DOCKER_HOST, else the usual socket paths. */
  engineSocket?: string | undefined;
  dockerHost?: string | undefined;
}

export interface RuntimeProbe {
  kind: "container" | "process";
  capacity: RuntimeCapacity;
  /** In words, for the start-up log: which engine, or why not containers. */
  description: string;
  engine?: EngineInfo;
}

/** Container-image sample applications, as the seed records them on their versions. */
export const SAMPLE_IMAGES = [
  { image: "localhost/rts-samples/sentiment-stream:latest", entry: "sample-apps/sentiment-stream/server.mjs" },
  { image: "localhost/rts-samples/number-regressor:latest", entry: "sample-apps/number-regressor/server.mjs" },
] as const;

export async function probeRuntime(settings: RuntimeSettings): Promise<RuntimeProbe> {
  const processProbe = async (description: string): Promise<RuntimeProbe> => ({
    kind: "process",
    capacity: await new LocalProcessDriver().capacity(),
    description,
  });
  if (settings.choice === "process") return processProbe("local processes (RUNTIME_DRIVER=process)");
  const sockets = await engineSocketCandidates(settings.engineSocket, settings.dockerHost);
  try {
    const engine = await connectEngine(sockets);
    return { kind: "container", capacity: await engineCapacity(engine), description: `containers on ${engine.description} at ${engine.socketPath}`, engine };
  } catch (error) {
    const why = `no container engine answered (${(error as Error).message})`;
    if (settings.choice === "container") throw new Error(`RUNTIME_DRIVER=container, but ${why}. Start Docker or "podman system service", or set CONTAINER_ENGINE_SOCKET.`);
    return processProbe(`local processes: ${why}; the process driver isolates far less (README "Security model")`);
  }
}

/** The worker's driver; for containers, the images instances run are built first (once, cached). */
export async function createRuntimeDriver(settings: RuntimeSettings & { databaseUrl: string; logger: Logger }): Promise<RuntimeDriver> {
  const probe = await probeRuntime(settings);
  settings.logger.info({ runtime: probe.kind, capacity: probe.capacity }, `runtime: ${probe.description}`);
  if (!probe.engine) return new LocalProcessDriver();
  const runtimeImage = await ensureRuntimeImage(probe.engine.docker, settings.logger);
  for (const sample of SAMPLE_IMAGES) await ensureSampleImage(probe.engine.docker, runtimeImage, sample.image, sample.entry);
  return new ContainerDriver({ engine: probe.engine, planeId: await controlPlaneId(settings.databaseUrl), runtimeImage, logger: settings.logger });
}
