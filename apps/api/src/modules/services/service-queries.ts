import { SERVICE_LIMIT, type ListServicesQuery, type ServiceDetail, type ServiceList } from "@rts/contracts";
import { HttpProblem } from "../../plugins/http-problem.ts";
import type { DbClient } from "../db-client.ts";
import { countServices, selectServiceDetail, selectServicePage } from "./service-sql.ts";

export async function listServices(db: DbClient, userId: string, query: ListServicesQuery): Promise<ServiceList> {
  const page = await selectServicePage(db, userId, query);
  const filtered = Boolean(query.q) || Boolean(query.state);
  const total = page.total ?? (await countServices(db, userId, query));
  // Without a search or state filter the filtered total is the user's service count: count once.
  const count = filtered ? await countServices(db, userId, {}) : total;
  return { items: page.items, total, page: query.page, pageSize: query.pageSize, limit: SERVICE_LIMIT, count };
}

/** Another user's service is indistinguishable from a missing one. */
export async function getService(db: DbClient, userId: string, serviceId: string): Promise<ServiceDetail> {
  const service = await selectServiceDetail(db, userId, serviceId);
  if (!service) throw HttpProblem.notFound("service");
  return service;
}
