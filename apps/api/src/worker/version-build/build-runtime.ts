import { ContainerDriver } from "../../runtime/container/container-driver.ts";
import { LocalProcessDriver } from "../../runtime/local-process-driver.ts";
import type { RuntimeDriver } from "../../runtime/runtime-driver.ts";
import { TrialStarts } from "./trial-start.ts";
import type { VersionImageEngine } from "./version-image.ts";

export interface BuildRuntime {
  /** Trial starts run on a driver of their own, so the reconciler never takes them for strays. */
  trials: TrialStarts;
  /** Present where containers run: versions get an image built there. */
  engine?: VersionImageEngine;
}

export function buildRuntimeFor(driver: RuntimeDriver): BuildRuntime {
  if (driver instanceof ContainerDriver) {
    return {
      trials: new TrialStarts(new ContainerDriver(driver.options)),
      engine: { docker: driver.options.engine.docker, runtimeImage: driver.options.runtimeImage, planeId: driver.options.planeId },
    };
  }
  return { trials: new TrialStarts(new LocalProcessDriver()) };
}
