import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../testing/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe("health and API documentation", () => {
  it("answers health with the database reachable", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: "ok", database: "ok" });
  });

  it("serves an OpenAPI 3.1 document generated from the zod contracts", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/services/", "/api/v1/services/{serviceId}", "/api/v1/pools/", "/api/v1/tokens/"]),
    );
    const deployBody = doc.paths["/api/v1/services/"].post.requestBody.content["application/json"].schema;
    expect(deployBody.properties).toHaveProperty("configurations");
    const html = await t.app.inject({ method: "GET", url: "/api/docs" });
    expect([200, 302]).toContain(html.statusCode);
  });

  it("R15 answers unknown routes with problem+json", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/v1/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({ status: 404, title: "Not found" });
  });
});
