import { z } from "zod";
import {
  AppVersionSchema,
  FlavorSchema,
  PoolSchema,
  QuotaSchema,
  type AppVersion,
  type Flavor,
  type Pool,
} from "../catalogue.ts";

// What the rules need to know about the world besides the request. The API builds it from the
// database for the signed-in user; the wizard builds it from the same list endpoints, so both
// sides evaluate the rules on the same facts.

export const DeployContextSchema = z
  .object({
    serviceCount: z.int().min(0).describe("The user's services in every state."),
    existingServiceNames: z.array(z.string()).describe("Names of the user's existing services."),
    flavors: z.array(FlavorSchema),
    pools: z.array(PoolSchema).describe("The public pool plus this user's dedicated pools (never other users')."),
    versions: z.array(AppVersionSchema).describe("This user's own AI application versions, all states."),
    quota: QuotaSchema,
  })
  .describe("Facts the deploy rules are evaluated against.");
export type DeployContext = z.infer<typeof DeployContextSchema>;

export function findFlavor(ctx: DeployContext, id: string): Flavor | undefined {
  return ctx.flavors.find((f) => f.id === id);
}

export function findVersion(ctx: DeployContext, id: string): AppVersion | undefined {
  return ctx.versions.find((v) => v.id === id);
}

// Only dedicated pools are addressable by id; the public pool is chosen by type.
export function findDedicatedPool(ctx: DeployContext, id: string): Pool | undefined {
  return ctx.pools.find((p) => p.type === "dedicated" && p.id === id);
}

export function findPublicPool(ctx: DeployContext): Pool | undefined {
  return ctx.pools.find((p) => p.type === "public");
}

export function flavorLabel(ctx: DeployContext, id: string | undefined): string {
  if (id === undefined) return "an unknown specification";
  return findFlavor(ctx, id)?.name ?? "an unknown specification";
}
