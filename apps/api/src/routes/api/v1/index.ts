import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { refuseUnsafeText } from "../../../plugins/text-integrity.ts";
import { aiApplicationRoutes } from "./ai-applications/routes.ts";
import { authRoutes } from "./auth/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { meteringRoutes } from "./metering/routes.ts";
import { poolRoutes } from "./pools/routes.ts";
import { quotaRoutes } from "./quota/routes.ts";
import { serviceRoutes } from "./services/routes.ts";
import { specificationRoutes } from "./specifications/routes.ts";
import { tokenRoutes } from "./tokens/routes.ts";

export const apiV1Routes: FastifyPluginAsyncZod = async (app) => {
  // Before validation, so no schema, rule or database ever sees such text.
  app.addHook("preValidation", refuseUnsafeText);
  await app.register(healthRoutes, { prefix: "/health" });
  await app.register(authRoutes, { prefix: "/auth" });
  await app.register(tokenRoutes, { prefix: "/tokens" });
  await app.register(specificationRoutes, { prefix: "/specifications" });
  await app.register(poolRoutes, { prefix: "/pools" });
  await app.register(aiApplicationRoutes, { prefix: "/ai-applications" });
  await app.register(serviceRoutes, { prefix: "/services" });
  await app.register(quotaRoutes, { prefix: "/quota" });
  await app.register(meteringRoutes, { prefix: "/metering" });
};
