import type { DbClient } from "../db-client.ts";

/** Names of the services (in any state, a Deleting one included) that run any of these versions. */
export async function servicesUsingVersions(db: DbClient, versionIds: readonly string[]): Promise<string[]> {
  if (versionIds.length === 0) return [];
  const services = await db.service.findMany({
    where: { configurations: { some: { versionId: { in: [...versionIds] } } } },
    select: { name: true },
    orderBy: { name: "asc" },
  });
  return services.map((service) => service.name);
}

/** "svc-a", "svc-a and svc-b", "svc-a, svc-b and svc-c" */
function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Why a version (or an application) cannot be deleted while services run it. */
export function usedByServicesMessage(names: readonly string[]): string {
  const noun = names.length === 1 ? "service" : "services";
  const pronoun = names.length === 1 ? "it" : "them";
  return `Used by ${noun} ${nameList(names)}: delete ${pronoun} or move ${pronoun} to another version first.`;
}
