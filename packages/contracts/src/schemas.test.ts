import { z } from "zod";
import { describe, expect, it } from "vitest";
import * as contracts from "./index.ts";

// fastify-type-provider-zod turns these into OpenAPI; a schema that cannot become JSON Schema
// would break /api/docs, so every exported schema is converted here.
describe("exported schemas", () => {
  const schemas = Object.entries(contracts).filter(([name, v]) => name.endsWith("Schema") && v instanceof z.ZodType);

  it.each(schemas)("%s converts to JSON Schema", (_name, schema) => {
    expect(() => z.toJSONSchema(schema as z.ZodType, { io: "input" })).not.toThrow();
    expect(() => z.toJSONSchema(schema as z.ZodType, { io: "output" })).not.toThrow();
  });

  it("R15 the deploy body shows its constraints and defaults in JSON Schema", () => {
    const json = JSON.stringify(z.toJSONSchema(contracts.DeployServiceRequestSchema, { io: "input" }));
    expect(json).toContain('"maxLength":64');
    expect(json).toContain('"additionalProperties":false');
    expect(json).toContain('"default":20');
  });

  it("coerces list query strings", () => {
    expect(contracts.ListServicesQuerySchema.parse({ page: "2", pageSize: "50" })).toEqual({
      page: 2, pageSize: 50, sort: "createdAt", order: "desc",
    });
    expect(contracts.ListServicesQuerySchema.safeParse({ pageSize: "101" }).success).toBe(false);
  });

  it("validates the other request bodies", () => {
    expect(contracts.CreatePoolRequestSchema.parse({ name: "p1", flavorId: "f", nodeCount: 2 }).generation).toBe("new");
    expect(contracts.CreatePoolRequestSchema.safeParse({ name: "1p", flavorId: "f", nodeCount: 65 }).success).toBe(false);
    expect(contracts.CreateTokenRequestSchema.safeParse({ name: "ci", expiresInDays: 366 }).success).toBe(false);
    expect(contracts.LoginRequestSchema.safeParse({ username: "u", password: "" }).success).toBe(false);
  });
});
