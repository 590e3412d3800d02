// What tests of bringing one's own model do over the API as a signed-in user: create an
// application, upload a version, register an image, wait for the worker's build to end, and
// deploy the built version.
import { expect } from "vitest";
import type { ServiceState } from "@rts/db";
import type { VersionEvent } from "@rts/contracts";
import { multipartBody } from "./multipart-body.ts";
import { deployBody, type DemoCatalogue, type TestApp } from "./test-app.ts";
import { waitFor } from "./wait-for.ts";

/** A version as the API answered it (AiApplicationVersionSchema), left loose for assertions. */
type VersionAnswer = ReturnType<typeof JSON.parse>;

export function aiApplicationCalls(t: TestApp, cookie: string) {
  const { app } = t;
  const versionUrl = (applicationId: string, versionId: string) => `/api/v1/ai-applications/${applicationId}/versions/${versionId}`;
  return {
    /** A new application with a random name; its id. */
    async create(prefix = "app"): Promise<string> {
      const name = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
      const response = await app.inject({ method: "POST", url: "/api/v1/ai-applications", headers: { cookie }, payload: { name } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id;
    },

    /** Uploads a package or model file as a new version (201 expected): the version, Building. */
    async upload(applicationId: string, file: Uint8Array, fileName: string, version = "1.0.0"): Promise<VersionAnswer> {
      const { payload, headers } = await multipartBody([{ name: "version", value: version }, { name: "file", file, fileName }]);
      const response = await app.inject({ method: "POST", url: `/api/v1/ai-applications/${applicationId}/versions`, headers: { cookie, ...headers }, payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    },

    /** Registers a container image as version 1.0.0 (201 expected); the version's id. */
    async registerImage(applicationId: string, image: string): Promise<string> {
      const response = await app.inject({ method: "POST", url: `/api/v1/ai-applications/${applicationId}/versions/image`, headers: { cookie }, payload: { version: "1.0.0", image } });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id;
    },

    /** The version once its build has ended, Normal or Failed. */
    async built(applicationId: string, versionId: string, timeoutMs = 120_000): Promise<VersionAnswer> {
      return waitFor(
        `version ${versionId} built`,
        async () => {
          const version: VersionAnswer = (await app.inject({ method: "GET", url: versionUrl(applicationId, versionId), headers: { cookie } })).json();
          return version.state === "Building" ? undefined : version;
        },
        timeoutMs,
      );
    },

    /** Deploys the version alone (1 x cpu.2u8g, public pool) and waits until the service is `until`: its row. */
    async deploy(catalogue: DemoCatalogue, versionId: string, options: { name?: string; until?: ServiceState; timeoutMs?: number } = {}) {
      const configurations = [{ versionId, trafficRatio: 100, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] }];
      const body = deployBody(catalogue, { ...(options.name ? { name: options.name } : {}), configurations });
      const deployed = await app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: body });
      expect(deployed.statusCode, deployed.body).toBe(202);
      const until = options.until ?? "Running";
      return waitFor(
        `service ${until}`,
        async () => {
          const row = await t.db.prisma.service.findUniqueOrThrow({ where: { id: deployed.json().id } });
          return row.state === until ? row : undefined;
        },
        options.timeoutMs ?? 60_000,
      );
    },

    async events(applicationId: string, versionId: string): Promise<VersionEvent[]> {
      return (await app.inject({ method: "GET", url: `${versionUrl(applicationId, versionId)}/events`, headers: { cookie } })).json().items;
    },
  };
}

export type AiApplicationCalls = ReturnType<typeof aiApplicationCalls>;
