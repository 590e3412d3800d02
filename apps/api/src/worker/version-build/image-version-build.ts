import type { InferenceProtocol } from "@rts/contracts";
import { readModelServerSpec } from "@rts/db";
import type { BuildContext, BuiltVersion, VersionToBuild } from "./built-version.ts";
import { resolveRegisteredImage } from "./container-image-check.ts";

/** A registered container image: found in the engine, pinned to its id, tried once. */
export async function buildImageVersion(context: BuildContext, version: VersionToBuild): Promise<BuiltVersion> {
  const registered = readModelServerSpec(version.modelServer);
  const reference = registered.image ?? "";
  const imageId = await resolveRegisteredImage(context.engine, reference);
  await context.note("checking", `Image ${reference} is in the engine as ${imageId}; trying it.`);
  await context.trials.run(
    {
      ownerId: version.ownerId,
      entry: "",
      args: [],
      image: imageId,
      port: registered.port ?? 8080,
      healthPath: version.healthPath,
      modelName: version.applicationName,
      modelVersion: version.version,
    },
    `The image ${reference}`,
    { readyWithinMs: context.readyWithinMs },
  );
  return {
    runtime: "image",
    protocol: version.protocol as InferenceProtocol,
    healthPath: version.healthPath,
    websocket: version.websocket,
    websocketOnly: version.websocketOnly,
    modelServer: { image: imageId, port: registered.port ?? 8080 },
    summary: `Normal: ${reference} (${imageId}) answered ${version.healthPath} in its trial start.`,
  };
}
