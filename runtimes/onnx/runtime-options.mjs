// @ts-check
/**
 * The runtime's start options:
 *   node runtimes/onnx/server.mjs --model <file.onnx> [--labels <labels.txt>] --model-name <name> --model-version <v>
 * Relative paths resolve against MODEL_DIR when set (the unpacked version; /model in a container),
 * else against the working directory. PORT is required, HOST defaults to 127.0.0.1. Without
 * --model-name the worker's MODEL_NAME names the model, then the file name.
 */
import path from "node:path";

/**
 * @typedef {{ modelFile: string, labelsFile?: string, modelName: string, modelVersion: string, port: number, host: string }} RuntimeOptions
 */

const FLAGS = ["--model", "--labels", "--model-name", "--model-version"];

/**
 * @param {string[]} argv the arguments after the script
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ options: RuntimeOptions } | { problems: string[] }}
 */
export function parseRuntimeOptions(argv, env) {
  /** @type {Record<string, string>} */
  const values = {};
  /** @type {string[]} */
  const problems = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!FLAGS.includes(flag)) {
      problems.push(`unknown argument ${JSON.stringify(arg)}; expected ${FLAGS.join(", ")}`);
      continue;
    }
    const value = inline ?? argv[++i];
    if (!value) problems.push(`${flag} needs a value`);
    else values[flag] = value;
  }
  const base = env.MODEL_DIR || process.cwd();
  const resolve = (/** @type {string} */ file) => path.resolve(base, file);
  const model = values["--model"];
  if (!model) problems.push("--model <file.onnx> is required");
  const portText = env.PORT;
  const port = Number(portText);
  if (!portText || !Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(`PORT env variable is required (1-65535), got ${JSON.stringify(portText ?? null)}`);
  }
  if (problems.length > 0 || !model) return { problems };
  return {
    options: {
      modelFile: resolve(model),
      ...(values["--labels"] ? { labelsFile: resolve(values["--labels"]) } : {}),
      modelName: values["--model-name"] ?? env.MODEL_NAME ?? path.basename(model, path.extname(model)),
      modelVersion: values["--model-version"] ?? env.MODEL_VERSION ?? "1",
      port,
      host: env.HOST || "127.0.0.1",
    },
  };
}
