// The services table. Fixed column widths and a reserved line for the state reason keep rows from
// jumping when live states arrive; on a phone each row is a card (table-cards).
import type { ServiceSummary } from "@rts/contracts";
import { Link } from "react-router";
import { ExpandableText } from "../../../components/ui/expandable-text/expandable-text.tsx";
import { RelativeTime } from "../../../components/ui/relative-time/relative-time.tsx";
import { StateBadge } from "../../../components/ui/state-badge/state-badge.tsx";
import { paths } from "../../../config/paths.ts";
import { AutoStopCountdown } from "./auto-stop-countdown.tsx";
import type { ServiceSortField, SortOrder } from "../../../api/services/services-calls.ts";
import { ServiceRowActions, type ServiceRowActionsProps } from "./service-row-actions.tsx";

export interface ServicesTableProps extends Omit<ServiceRowActionsProps, "service"> {
  services: readonly ServiceSummary[];
  sort: ServiceSortField;
  order: SortOrder;
  onSort: (field: ServiceSortField) => void;
}

function SortHeader({ field, label, sort, order, onSort }: { field: ServiceSortField; label: string } & Pick<ServicesTableProps, "sort" | "order" | "onSort">) {
  const active = sort === field;
  const next = active && order === "asc" ? "descending" : "ascending";
  return (
    <th scope="col" aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort-button" onClick={() => onSort(field)} aria-label={`${label}, sort ${active ? next : "ascending"}`}>
        {label}
        <span aria-hidden="true">{active ? (order === "asc" ? "▲" : "▼") : "↕"}</span>
      </button>
    </th>
  );
}

function poolText(service: ServiceSummary): string {
  if (service.poolType === "public") return "Public resource pool";
  const names = service.pools.map((pool) => pool.name).join(", ");
  return service.multiPoolLoadBalancing ? `${names} (multi-pool)` : names || "Dedicated pool";
}

export function ServicesTable({ services, sort, order, onSort, onRequestDelete, onActionError }: ServicesTableProps) {
  return (
    <div className="table-wrap">
      <table className="data-table services-table table-cards">
        <caption className="sr-only">Real-time services</caption>
        <colgroup>
          <col style={{ width: "20%" }} />
          <col style={{ width: "17%" }} />
          <col style={{ width: "19%" }} />
          <col style={{ width: "14%" }} />
          <col style={{ width: "12%" }} />
          <col style={{ width: "18%" }} />
        </colgroup>
        <thead>
          <tr>
            <SortHeader field="name" label="Name" sort={sort} order={order} onSort={onSort} />
            <th scope="col">State</th>
            <th scope="col">AI application / version</th>
            <th scope="col">Resource pool</th>
            <SortHeader field="createdAt" label="Created" sort={sort} order={order} onSort={onSort} />
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => (
            <tr key={service.id} data-service-id={service.id}>
              <th scope="row">
                <Link to={paths.service(service.id)}>{service.name}</Link>
                {service.description ? (
                  <span className="cell-sub" title={service.description}>
                    {service.description}
                  </span>
                ) : null}
              </th>
              <td data-label="State">
                <StateBadge state={service.state} />
                <AutoStopCountdown autoStopAt={service.autoStopAt} className="cell-sub" />
                {service.stateReason ? (
                  <span className="state-reason">
                    <span className="sr-only">Reason: </span>
                    <ExpandableText text={service.stateReason} what="reason" of={service.name} maxChars={70} />
                  </span>
                ) : (
                  <span className="state-reason">{"\u00a0"}</span>
                )}
              </td>
              <td data-label="AI application / version">
                {service.applicationName}
                <span className="cell-sub">
                  {service.versions.map((v) => (service.versions.length > 1 ? `${v.version} (${v.trafficRatio}%)` : v.version)).join(", ")}
                </span>
              </td>
              <td data-label="Resource pool">{poolText(service)}</td>
              <td data-label="Created">
                <RelativeTime value={service.createdAt} />
              </td>
              <td className="cell-wide">
                <ServiceRowActions service={service} onRequestDelete={onRequestDelete} onActionError={onActionError} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
