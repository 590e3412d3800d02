// Finding a Docker Engine API: Docker on users' machines, or Podman's compatible service. The same
// client (dockerode) speaks to both.
import { access } from "node:fs/promises";
import Docker from "dockerode";

export const DEFAULT_ENGINE_SOCKETS = ["/var/run/docker.sock", "/run/podman/podman.sock"];
const PING_TIMEOUT_MS = 10_000;

export interface EngineInfo {
  docker: Docker;
  socketPath: string;
  /** "Podman Engine 4.3.1" or "Docker Engine 27.1.0". */
  description: string;
  podman: boolean;
  cpus: number;
  memoryBytes: number;
}

/** The socket to try: the configured one, else DOCKER_HOST's unix socket, else the usual places. */
export async function engineSocketCandidates(configured: string | undefined, dockerHost: string | undefined): Promise<string[]> {
  if (configured) return [configured.replace(/^unix:\/\//, "")];
  const fromDockerHost = dockerHost?.startsWith("unix://") ? [dockerHost.slice("unix://".length)] : [];
  const candidates = [...fromDockerHost, ...DEFAULT_ENGINE_SOCKETS];
  const present: string[] = [];
  for (const socket of candidates) if (await access(socket).then(() => true, () => false)) present.push(socket);
  return present;
}

/** Connects to the first engine that answers; throws with each socket's reason when none does. */
export async function connectEngine(sockets: string[]): Promise<EngineInfo> {
  const reasons: string[] = [];
  for (const socketPath of sockets) {
    const docker = new Docker({ socketPath, timeout: 0 });
    try {
      const version = await Promise.race([
        docker.version(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS)),
      ]);
      const info = await docker.info();
      const component = version.Components?.[0];
      const podman = /podman/i.test(component?.Name ?? "");
      return {
        docker,
        socketPath,
        description: `${component?.Name ?? "Docker Engine"} ${version.Version}`,
        podman,
        cpus: Number(info.NCPU) || 1,
        memoryBytes: Number(info.MemTotal) || 0,
      };
    } catch (error) {
      reasons.push(`${socketPath}: ${(error as Error).message}`);
    }
  }
  throw new Error(sockets.length === 0 ? "no engine socket found" : reasons.join("; "));
}
