// Tests that play the worker: deploy through the API, then write Healthy, serving instance rows
// pointing at model servers the test started, and set the service Running (see gateway.test.ts).
import { expect } from "vitest";
import type { DeployServiceRequest } from "@rts/contracts";
import { deployBody, instanceOf, type DemoCatalogue, type TestApp } from "./test-app.ts";

export interface Placement {
  /** e.g. "1.0.0" of the text classifier */
  version: string;
  port: number;
}

export function textClassifier(catalogue: DemoCatalogue, version: string, trafficRatio: number): DeployServiceRequest["configurations"][number] {
  return { versionId: catalogue.versions[`text-classifier@${version}`]!, trafficRatio, flavorId: "cpu.2u8g", computeNodes: 1, envVars: [] };
}

export async function deployRunning(
  t: TestApp,
  cookie: string,
  catalogue: DemoCatalogue,
  configurations: DeployServiceRequest["configurations"],
  placements: Placement[],
): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie }, payload: deployBody(catalogue, { configurations }) });
  expect(res.statusCode, res.body).toBe(202);
  const serviceId = res.json().id as string;
  const rows = await t.db.prisma.versionConfiguration.findMany({ where: { serviceId }, include: { version: true } });
  for (const [ordinal, p] of placements.entries()) {
    const configuration = rows.find((c) => c.version.version === p.version);
    if (!configuration) throw new Error(`no configuration for ${p.version}`);
    await t.db.prisma.instance.create({
      data: { serviceId, ...instanceOf(configuration), poolId: catalogue.pools["public"]!, ordinal, state: "Healthy", port: p.port },
    });
  }
  await t.db.prisma.service.update({ where: { id: serviceId }, data: { state: "Running" } });
  return serviceId;
}
