// A few Docker Engine API calls over its unix socket (Docker, or Podman's compatible service), for
// the container run of the live bench: which engine it is, where an instance's container lives,
// and the clean-up backstop after the API process has stopped. Every call names a container or
// network exactly (by id, name or the control plane's label), never by a name pattern.
import { access } from "node:fs/promises";
import http from "node:http";

const CALL_TIMEOUT_MS = 15_000;
/** The sockets the product tries too (apps/api/src/runtime/container/container-engine.ts). */
const DEFAULT_SOCKETS = ["/var/run/docker.sock", "/run/podman/podman.sock"];

export interface EngineClient {
  socketPath: string;
  /** "Podman Engine 4.3.1", from the engine's own version answer. */
  description(): Promise<string>;
  /** Running state, host pid and per-network addresses of one container, or null if there is none. */
  container(nameOrId: string): Promise<ContainerFacts | null>;
  /** Ids and names of the containers (running or not) that carry this exact label value. */
  containersWithLabel(key: string, value: string): Promise<Array<{ id: string; name: string }>>;
  removeContainer(id: string): Promise<void>;
  /** Removes a network by its exact name; false if the engine refused (e.g. still in use) or it is gone. */
  removeNetwork(name: string): Promise<boolean>;
}

export interface ContainerFacts {
  id: string;
  running: boolean;
  pid: number | null;
  /** Network name -> IPv4 address. */
  addresses: Record<string, string>;
  labels: Record<string, string>;
}

/** CONTAINER_ENGINE_SOCKET, else DOCKER_HOST's unix socket, else the first usual socket present. */
export async function findEngineSocket(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.CONTAINER_ENGINE_SOCKET) return env.CONTAINER_ENGINE_SOCKET.replace(/^unix:\/\//, "");
  const fromDockerHost = env.DOCKER_HOST?.startsWith("unix://") ? [env.DOCKER_HOST.slice("unix://".length)] : [];
  for (const socket of [...fromDockerHost, ...DEFAULT_SOCKETS]) {
    if (await access(socket).then(() => true, () => false)) return socket;
  }
  return null;
}

function call(socketPath: string, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath, method, path, timeout: CALL_TIMEOUT_MS }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`${method} ${path}: no answer from ${socketPath} within ${CALL_TIMEOUT_MS} ms`)));
    request.on("error", reject);
    request.end();
  });
}

export function engineClient(socketPath: string): EngineClient {
  const json = async <T>(method: string, path: string): Promise<T> => {
    const { status, body } = await call(socketPath, method, path);
    if (status < 200 || status >= 300) throw new Error(`${method} ${path}: ${status} ${body.slice(0, 300)}`);
    return JSON.parse(body) as T;
  };
  return {
    socketPath,
    async description() {
      const version = await json<{ Version?: string; Components?: Array<{ Name?: string }> }>("GET", "/version");
      return `${version.Components?.[0]?.Name ?? "Docker Engine"} ${version.Version ?? "?"}`;
    },
    async container(nameOrId) {
      const { status, body } = await call(socketPath, "GET", `/containers/${encodeURIComponent(nameOrId)}/json`);
      if (status === 404) return null;
      if (status !== 200) throw new Error(`inspect ${nameOrId}: ${status} ${body.slice(0, 300)}`);
      const inspected = JSON.parse(body) as {
        Id: string;
        State: { Running: boolean; Pid: number };
        Config: { Labels?: Record<string, string> | null };
        NetworkSettings: { Networks?: Record<string, { IPAddress?: string }> };
      };
      const addresses: Record<string, string> = {};
      for (const [name, network] of Object.entries(inspected.NetworkSettings.Networks ?? {})) {
        if (network.IPAddress) addresses[name] = network.IPAddress;
      }
      return {
        id: inspected.Id,
        running: inspected.State.Running,
        pid: inspected.State.Pid || null,
        addresses,
        labels: inspected.Config.Labels ?? {},
      };
    },
    async containersWithLabel(key, value) {
      const filters = encodeURIComponent(JSON.stringify({ label: [`${key}=${value}`] }));
      const list = await json<Array<{ Id: string; Names?: string[] }>>("GET", `/containers/json?all=true&filters=${filters}`);
      return list.map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, "") }));
    },
    async removeContainer(id) {
      const { status, body } = await call(socketPath, "DELETE", `/containers/${encodeURIComponent(id)}?force=true`);
      if (status !== 204 && status !== 200 && status !== 404) throw new Error(`remove container ${id}: ${status} ${body.slice(0, 300)}`);
    },
    async removeNetwork(name) {
      const { status } = await call(socketPath, "DELETE", `/networks/${encodeURIComponent(name)}`);
      return status === 204 || status === 200;
    },
  };
}
