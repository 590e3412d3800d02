// Model packages made in the test, as a user would pack them: a manifest, a small server that
// follows the model-server contract (sample-apps/README.md), and a file it reads at start.
import { gzipSync, crc32 } from "node:zlib";
import tar from "tar-stream";

export interface ArchiveEntry {
  name: string;
  content?: string | Buffer;
  type?: "file" | "directory" | "symlink" | "link" | "character-device";
  linkname?: string;
  mode?: number;
}

export async function tarGz(entries: ArchiveEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    const content = entry.content === undefined ? undefined : Buffer.from(entry.content);
    const header = {
      name: entry.name,
      type: entry.type ?? "file",
      mode: entry.mode ?? (entry.type === "directory" ? 0o755 : 0o644),
      ...(entry.linkname ? { linkname: entry.linkname } : {}),
      ...(entry.type === "character-device" ? { devmajor: 1, devminor: 3 } : {}),
    };
    if (content) pack.entry({ ...header, size: content.length }, content);
    else pack.entry(header);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

/** A zip with stored (uncompressed) entries; `unixMode` marks symlinks the way Info-ZIP does. */
export function zipArchive(entries: Array<{ name: string; content: string | Buffer; unixMode?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.from(entry.content);
    const name = Buffer.from(entry.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((entry.unixMode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

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
export function scalingPackage(overrides: Record<string, string> = {}): ArchiveEntry[] {
  const files: Record<string, string> = {
    "rts-model.json": JSON.stringify(SCALING_MANIFEST),
    "server.mjs": SCALING_SERVER,
    "weights.json": JSON.stringify({ scale: 2.5 }),
    ...overrides,
  };
  return Object.entries(files).map(([name, content]) => ({ name, content }));
}
