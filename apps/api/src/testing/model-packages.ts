// Model packages made in the test, as a user would pack them: a manifest, a small server that
// follows the model-server contract (sample-apps/README.md), and a file it reads at start. Pack them
// with the archive writers of model-artifacts/test-archives.ts.
import type { TarEntry } from "../modules/model-artifacts/test-archives.ts";

/**
 * A model server following the contract: GET /health, POST /predict with {"x": [numbers]} answers
 * {"version", "y"} where y is the sum times the `scale` in weights.json, read from its own folder.
 */
export const SCALING_SERVER = `
import { readFileSync } from "node:fs";
import http from "node:http";
const port = Number(process.env.PORT);
const host = process.env.HOST || "127.0.0.1";
const version = process.env.MODEL_VERSION || "1.0.0";
const { scale } = JSON.parse(readFileSync(new URL("./weights.json", import.meta.url), "utf8"));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
process.on("SIGTERM", () => process.exit(0));
http
  .createServer((request, response) => {
    const send = (status, body) => {
      response.writeHead(status, { "content-type": "application/json", "x-model-version": version });
      response.end(JSON.stringify({ ...body, version }));
    };
    if (request.method === "GET" && request.url === "/health") return send(200, { status: "ok" });
    if (request.method !== "POST") return send(405, { error: "POST /predict" });
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      try {
        const { x } = JSON.parse(text);
        send(200, { y: x.reduce((sum, value) => sum + value, 0) * scale });
      } catch {
        send(400, { error: 'send {"x": [numbers]}' });
      }
    });
  })
  .listen(port, host, () => console.log(\`scaling-model \${version} listening on \${host}:\${port}\`));
`;

export const SCALING_MANIFEST = {
  runtime: "custom",
  entry: "server.mjs",
  protocol: "rts-json",
  healthPath: "/health",
  exampleRequest: { x: [1, 2, 3] },
};

/** The files of a working custom package; `overrides` replace or add files. */
export function scalingPackage(overrides: Record<string, string> = {}): TarEntry[] {
  const files: Record<string, string> = {
    "rts-model.json": JSON.stringify(SCALING_MANIFEST),
    "server.mjs": SCALING_SERVER,
    "weights.json": JSON.stringify({ scale: 2.5 }),
    ...overrides,
  };
  return Object.entries(files).map(([name, content]) => ({ name, content }));
}
