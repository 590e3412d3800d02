// The console, tried as an attacker would use it: framed by another site (clickjacking), fed a
// script from elsewhere, sniffed into another content type, or read for its source maps.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { repoRoot } from "@rts/db";
import { createTestApp, type TestApp } from "../testing/test-app.ts";

let t: TestApp;
let consoleDir: string;
beforeAll(async () => {
  // A stand-in for the Vite build: the real one may not be built when the tests run.
  consoleDir = await mkdtemp(path.join(os.tmpdir(), "rts-console-"));
  await mkdir(path.join(consoleDir, "assets"));
  await writeFile(path.join(consoleDir, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script><div id="root"></div>');
  await writeFile(path.join(consoleDir, "assets", "app.js"), "document.title = 'x';");
  t = await createTestApp({ consoleDir });
});
afterAll(async () => {
  await t?.close();
  await rm(consoleDir, { recursive: true, force: true });
});

function directives(csp: string | undefined): Map<string, string[]> {
  return new Map(
    (csp ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("security headers", () => {
  it("S28 the console is served with a CSP without inline scripts, frame-ancestors 'none', nosniff and a Referrer-Policy", async () => {
    for (const url of ["/", "/services/some-id", "/assets/app.js"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(200);
      const csp = directives(response.headers["content-security-policy"] as string | undefined);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("script-src")).toEqual(["'self'"]);
      expect(csp.get("object-src")).toEqual(["'none'"]);
      expect(csp.get("default-src")).toEqual(["'self'"]);
      expect([...csp.values()].flat()).not.toContain("'unsafe-inline'");
      expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["x-frame-options"]).toBe("DENY");
      expect(response.headers["referrer-policy"]).toBe("same-origin");
    }
  });

  it("S28 the API docs page allows inline styles (Swagger UI injects them) but still no inline or foreign script, nor framing", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/docs/" });
    expect(response.statusCode).toBe(200);
    const csp = directives(response.headers["content-security-policy"] as string | undefined);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("S28 API answers and problems carry nosniff too", async () => {
    for (const url of ["/api/v1/health", "/api/v1/services", "/api/v1/no-such-route"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.headers["x-content-type-options"], url).toBe("nosniff");
    }
  });

  it("S28 the console's page has no inline script (the CSP would block it) and builds without source maps unless configured", async () => {
    const html = await readFile(path.join(repoRoot, "apps/web/index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe("");
    }

    const viteConfig = path.join(repoRoot, "apps/web/vite.config.ts");
    const sourcemap = async () => {
      vi.resetModules();
      const { default: config } = (await import(viteConfig)) as { default: { build?: { sourcemap?: unknown } } };
      return config.build?.sourcemap;
    };
    vi.stubEnv("CONSOLE_SOURCE_MAPS", "");
    expect(await sourcemap()).toBe(false);
    vi.stubEnv("CONSOLE_SOURCE_MAPS", "true");
    expect(await sourcemap()).toBe(true);
    vi.unstubAllEnvs();
  });
});
