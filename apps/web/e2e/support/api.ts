// Setting up data through the real API (with the session cookie of the page's context) when the
// flow under test is not the one creating it. Never leaves 127.0.0.1: every URL is relative to
// the configured baseURL.
import { expect, type APIRequestContext } from "@playwright/test";
import type { DeployServiceRequestInput, ServiceDetail, ServiceList, ServiceState } from "@rts/contracts";

type AppVersionSummary = { id: string; applicationName: string; version: string; state: string };

export async function versionId(request: APIRequestContext, applicationName: string, version: string): Promise<string> {
  const response = await request.get("/api/v1/ai-applications");
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { items: Array<{ name: string; versions: AppVersionSummary[] }> };
  const found = body.items.find((a) => a.name === applicationName)?.versions.find((v) => v.version === version);
  if (!found) throw new Error(`No version ${version} of ${applicationName} for this user.`);
  return found.id;
}

export async function createService(request: APIRequestContext, body: DeployServiceRequestInput): Promise<ServiceDetail> {
  const response = await request.post("/api/v1/services", { data: body });
  expect(response.status(), await response.text()).toBe(202);
  return (await response.json()) as ServiceDetail;
}

export async function listServices(request: APIRequestContext, query = ""): Promise<ServiceList> {
  const response = await request.get(`/api/v1/services?pageSize=100${query}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as ServiceList;
}

export async function getService(request: APIRequestContext, id: string): Promise<ServiceDetail> {
  const response = await request.get(`/api/v1/services/${id}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as ServiceDetail;
}

/** Waits (bounded) until the API reports the state; fails with the last state and its reason. */
export async function waitForState(request: APIRequestContext, id: string, state: ServiceState, timeout = 30_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await getService(request, id);
        return `${s.state}${s.state === state ? "" : ` (${s.stateReason ?? "no reason"})`}`;
      },
      { timeout, intervals: [250, 500, 1_000] },
    )
    .toBe(state);
}

export async function deleteService(request: APIRequestContext, id: string): Promise<void> {
  const response = await request.delete(`/api/v1/services/${id}`);
  expect([202, 204, 404], await response.text()).toContain(response.status());
}

/** A name unique to this run and attempt (retries reuse the database). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 5)}`;
}
