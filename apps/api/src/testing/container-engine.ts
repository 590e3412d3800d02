// The container engine the tests use: the same discovery as the product. Without one, container
// tests are skipped with a warning; CI sets RTS_REQUIRE_CONTAINER_ENGINE=1 so a missing engine
// fails the run instead of passing it quietly.
import { connectEngine, engineSocketCandidates, type EngineInfo } from "../runtime/container/container-engine.ts";

export async function connectTestEngine(): Promise<EngineInfo | null> {
  const sockets = await engineSocketCandidates(process.env.CONTAINER_ENGINE_SOCKET, process.env.DOCKER_HOST);
  try {
    return await connectEngine(sockets);
  } catch (error) {
    if (process.env.RTS_REQUIRE_CONTAINER_ENGINE === "1") {
      throw new Error(`RTS_REQUIRE_CONTAINER_ENGINE=1, but no container engine answered: ${(error as Error).message}`);
    }
    console.warn(`container runtime tests skipped: no container engine answered (${(error as Error).message})`);
    return null;
  }
}
