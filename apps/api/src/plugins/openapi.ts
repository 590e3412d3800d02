import fp from "fastify-plugin";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { DOCS_CONTENT_SECURITY_POLICY } from "./security-headers.ts";

export const openApiPlugin = fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Real-Time Services API",
        description:
          "Deploy versioned AI applications as real-time inference services. Errors are RFC 9457 problem+json with one entry per invalid field.",
        version: "1.0.0",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "rts_session" },
          bearer: { type: "http", scheme: "bearer", description: "An API token from POST /api/v1/tokens" },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    uiHooks: {
      onRequest: async (_request, reply) => {
        reply.header("content-security-policy", DOCS_CONTENT_SECURITY_POLICY);
      },
    },
  });
});
