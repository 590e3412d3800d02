// Serves the built console (apps/web/dist) in production: static files, and index.html for every
// other GET that is not an API, gateway or docs path, so client-side routes survive a reload.
import { existsSync } from "node:fs";
import path from "node:path";
import fp from "fastify-plugin";
import fastifyStatic from "@fastify/static";
import { repoRoot } from "@rts/db";

export const consoleDist = path.join(repoRoot, "apps/web/dist");
const NOT_CONSOLE = /^\/(api|v1|metrics)(\/|$)/;

export const consolePlugin = fp<{ root?: string }>(async (app, options) => {
  const root = options.root ?? consoleDist;
  if (!existsSync(path.join(root, "index.html"))) {
    app.log.warn({ consoleDist: root }, "console not built; run `pnpm --filter @rts/web build` (pnpm start does)");
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: false });
  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    const pathname = request.url.split("?")[0] ?? "/";
    if (NOT_CONSOLE.test(pathname)) return reply.callNotFound();
    const file = path.join(root, pathname);
    if (pathname !== "/" && file.startsWith(root + path.sep) && existsSync(file)) {
      // Vite's hashed assets never change under the same name; other files are revalidated.
      const cache = pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
      return reply.header("cache-control", cache).sendFile(pathname.slice(1));
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
});
