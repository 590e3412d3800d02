// How the runtime starts a version's model server, as stored in ai_application_versions.modelServer.
// Written by the seed and by a version's build, read by the deploy worker when it launches an instance.

export interface ModelServerSpec {
  /**
   * The start file, run with the platform's Node.js: relative to the checkout for the samples and
   * the built-in runtimes (`/app/<entry>` in the runtime image), or absolute for an unpacked
   * package (the process driver; in a container the package is at MODEL_DIR).
   */
  entry?: string;
  args?: string[];
  /** A container image that runs its own command; every built version gets one where containers run. */
  image?: string;
  /** The port the server listens on inside its container (PORT is set to it); 8080 when absent. */
  port?: number;
  /** The unpacked version on this machine, for the process driver; MODEL_DIR in the server's environment. */
  modelDir?: string;
}

export function readModelServerSpec(value: unknown): ModelServerSpec {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const spec = value as Record<string, unknown>;
  return {
    ...(typeof spec.entry === "string" ? { entry: spec.entry } : {}),
    ...(Array.isArray(spec.args) ? { args: spec.args.filter((a): a is string => typeof a === "string") } : {}),
    ...(typeof spec.image === "string" ? { image: spec.image } : {}),
    ...(typeof spec.port === "number" ? { port: spec.port } : {}),
    ...(typeof spec.modelDir === "string" ? { modelDir: spec.modelDir } : {}),
  };
}
