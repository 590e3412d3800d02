// Event streams and WebSockets outlive the request that authenticated them, so each one is tied to
// the credential (session or API token) that opened it: signing out or revoking the token ends it
// at once in this process, and a sweep ends it within seconds when another API process did it, or
// the credential expired.
import fp from "fastify-plugin";
import type { AuthenticatedUser } from "./auth.ts";

export type ConnectionKind = "event-stream" | "websocket";

/** One console tab holds one stream; more than this per user is a leak or an abuse. */
export const MAX_EVENT_STREAMS_PER_USER = 10;
/** Well inside the 5 s in which a revoked credential's connections must be gone. */
export const CREDENTIAL_SWEEP_MS = 2_000;

interface Connection {
  userId: string;
  via: AuthenticatedUser["via"];
  credentialId: string;
  kind: ConnectionKind;
  close(): void;
}

export class CredentialConnections {
  private readonly connections = new Set<Connection>();

  /** Registers an open connection; call the returned function when it closes by itself. */
  open(user: AuthenticatedUser, kind: ConnectionKind, close: () => void): () => void {
    const connection: Connection = { userId: user.id, via: user.via, credentialId: user.credentialId, kind, close };
    this.connections.add(connection);
    return () => this.connections.delete(connection);
  }

  count(userId: string, kind: ConnectionKind): number {
    let n = 0;
    for (const c of this.connections) if (c.userId === userId && c.kind === kind) n += 1;
    return n;
  }

  /** Closes every connection opened with the credential; answers how many. */
  closeCredential(credentialId: string): number {
    let n = 0;
    for (const c of [...this.connections]) {
      if (c.credentialId !== credentialId) continue;
      this.connections.delete(c);
      c.close();
      n += 1;
    }
    return n;
  }

  credentialIds(via: AuthenticatedUser["via"]): string[] {
    const ids = new Set<string>();
    for (const c of this.connections) if (c.via === via) ids.add(c.credentialId);
    return [...ids];
  }
}

declare module "fastify" {
  interface FastifyInstance {
    credentialConnections: CredentialConnections;
  }
}

export const credentialConnectionsPlugin = fp<{ sweepMs?: number }>(async (app, options) => {
  const connections = new CredentialConnections();
  app.decorate("credentialConnections", connections);

  async function sweep(): Promise<void> {
    const sessionIds = connections.credentialIds("session");
    const tokenIds = connections.credentialIds("token");
    if (!sessionIds.length && !tokenIds.length) return;
    const now = new Date();
    const [sessions, tokens] = await Promise.all([
      sessionIds.length
        ? app.prisma.session.findMany({ where: { id: { in: sessionIds }, expiresAt: { gt: now } }, select: { id: true } })
        : [],
      tokenIds.length
        ? app.prisma.apiToken.findMany({
            where: { id: { in: tokenIds }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
            select: { id: true },
          })
        : [],
    ]);
    const valid = new Set([...sessions, ...tokens].map((row) => row.id));
    for (const id of [...sessionIds, ...tokenIds]) if (!valid.has(id)) connections.closeCredential(id);
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch((error: unknown) => app.log.warn({ err: error }, "checking the credentials of open connections failed; will retry"))
      .finally(() => (running = false));
  }, options.sweepMs ?? CREDENTIAL_SWEEP_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
});
