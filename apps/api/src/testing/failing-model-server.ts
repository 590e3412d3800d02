// A small real HTTP model server that speaks the platform's JSON contract and fails a given share of
// calls with 500, evenly spread (call n fails when floor(n * p / 100) moves on). For tests of what the
// gateway measures per version and of rollout guards; stops with the test.
import http from "node:http";
import { once } from "node:events";

export interface FailingModelServer {
  port: number;
  /** Calls answered so far, and how many of them failed. */
  readonly calls: number;
  readonly failures: number;
  stop(): Promise<void>;
}

export async function startFailingModelServer(version: string, failPercent: number): Promise<FailingModelServer> {
  let calls = 0;
  let failures = 0;
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { "content-type": "application/json", "x-model-version": version });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/health") return reply(200, { status: "ok", version });
    req.resume();
    req.on("end", () => {
      const n = calls++;
      if (Math.floor(((n + 1) * failPercent) / 100) > Math.floor((n * failPercent) / 100)) {
        failures++;
        reply(500, { error: "internal prediction error", version });
      } else {
        reply(200, { version, label: "billing", score: 0.9 });
      }
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as { port: number }).port,
    get calls() {
      return calls;
    },
    get failures() {
      return failures;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
