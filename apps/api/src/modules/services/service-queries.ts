import { SERVICE_LIMIT, type ListServicesQuery, type ServiceDetail, type ServiceList } from "@rts/contracts";
import type { Prisma } from "@rts/db";
import { HttpProblem } from "../../plugins/http-problem.ts";
import type { DbClient } from "../db-client.ts";
import { serviceDetailInclude, serviceSummaryInclude, toServiceDetail, toServiceSummary } from "./service-views.ts";

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listServices(db: DbClient, userId: string, query: ListServicesQuery): Promise<ServiceList> {
  const where: Prisma.ServiceWhereInput = {
    ownerId: userId,
    // Prisma passes `contains` into ILIKE unescaped: escape % and _ (legal in names) so they match literally.
    ...(query.q ? { name: { contains: escapeLike(query.q), mode: "insensitive" } } : {}),
    ...(query.state ? { state: query.state } : {}),
  };
  const orderBy: Prisma.ServiceOrderByWithRelationInput[] = [{ [query.sort]: query.order }, { id: "asc" }];
  // Without a search or state filter the filtered total is the user's service count: count once.
  const filtered = Boolean(query.q) || Boolean(query.state);
  const [rows, total, count] = await Promise.all([
    db.service.findMany({
      where,
      include: serviceSummaryInclude,
      orderBy,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.service.count({ where }),
    filtered ? db.service.count({ where: { ownerId: userId } }) : null,
  ]);
  return {
    items: rows.map(toServiceSummary),
    total,
    page: query.page,
    pageSize: query.pageSize,
    limit: SERVICE_LIMIT,
    count: count ?? total,
  };
}

/** Another user's service is indistinguishable from a missing one. */
export async function getService(db: DbClient, userId: string, serviceId: string): Promise<ServiceDetail> {
  const row = await db.service.findFirst({ where: { id: serviceId, ownerId: userId }, include: serviceDetailInclude });
  if (!row) throw HttpProblem.notFound("service");
  return toServiceDetail(row);
}
