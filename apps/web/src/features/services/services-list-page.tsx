// Real-Time Services: the default page. Search, state filter, sort and page live in the URL so
// they survive reloads and can be shared; states update live over SSE, falling back to polling.
import { SERVICE_STATES, type ServiceState, type ServiceSummary } from "@rts/contracts";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { ButtonLink, Button } from "../../components/ui/button/button.tsx";
import { ConfirmDialog } from "../../components/ui/confirm-dialog/confirm-dialog.tsx";
import { EmptyState } from "../../components/ui/empty-state/empty-state.tsx";
import { describeError, ErrorState } from "../../components/ui/error-state/error-state.tsx";
import { FormAlert } from "../../components/ui/form-alert/form-alert.tsx";
import { LoadingState } from "../../components/ui/loading-state/loading-state.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { Pagination } from "../../components/ui/pagination/pagination.tsx";
import { SelectField } from "../../components/ui/select-field/select-field.tsx";
import { TextField } from "../../components/ui/text-field/text-field.tsx";
import { paths } from "../../config/paths.ts";
import { useDeleteService } from "../../api/services/services-mutations.ts";
import { DEFAULT_PAGE_SIZE, type ServicesListParams, type ServiceSortField } from "../../api/services/services-calls.ts";
import { useServices } from "../../api/services/services-queries.ts";
import { useServiceEvents } from "../../api/services/service-events.ts";
import { DeployButton } from "./components/service-limit.tsx";
import { ServicesTable } from "./components/services-table.tsx";

export const POLL_INTERVAL_MS = 5_000;
const SEARCH_DEBOUNCE_MS = 300;

function readParams(search: URLSearchParams): ServicesListParams {
  const state = search.get("state");
  const page = Number.parseInt(search.get("page") ?? "1", 10);
  const sort = search.get("sort");
  const order = search.get("order");
  return {
    q: search.get("q")?.trim() || undefined,
    state: SERVICE_STATES.includes(state as ServiceState) ? (state as ServiceState) : undefined,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
    pageSize: DEFAULT_PAGE_SIZE,
    sort: sort === "name" ? "name" : "createdAt",
    order: order === "asc" ? "asc" : order === "desc" ? "desc" : sort === "name" ? "asc" : "desc",
  };
}

export function Component() {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = useMemo(() => readParams(searchParams), [searchParams]);
  const [searchText, setSearchText] = useState(params.q ?? "");
  const [toDelete, setToDelete] = useState<ServiceSummary | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const { connected } = useServiceEvents();
  const services = useServices(params, { liveEvents: connected, pollMs: POLL_INTERVAL_MS });
  const deleteService = useDeleteService();

  function updateParams(changes: Record<string, string | undefined>, resetPage = true) {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value === undefined || value === "") next.delete(key);
          else next.set(key, value);
        }
        if (resetPage && !("page" in changes)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  }

  // Typing updates the URL after a short pause, not on every key.
  useEffect(() => {
    const trimmed = searchText.trim();
    if (trimmed === (params.q ?? "")) return;
    const timer = setTimeout(() => updateParams({ q: trimmed }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  function onSort(field: ServiceSortField) {
    const order = params.sort === field ? (params.order === "asc" ? "desc" : "asc") : field === "name" ? "asc" : "desc";
    updateParams({ sort: field, order });
  }

  const filtered = Boolean(params.q || params.state);
  const data = services.data;

  let body;
  if (services.isPending) {
    body = <LoadingState label="Loading services…" minHeight="12rem" />;
  } else if (services.isError && !data) {
    body = <ErrorState error={services.error} onRetry={() => void services.refetch()} title="The services could not be loaded." />;
  } else if (data && data.items.length === 0) {
    body = filtered ? (
      <EmptyState
        title="No services match your search."
        action={
          <Button
            onClick={() => {
              setSearchText("");
              updateParams({ q: undefined, state: undefined });
            }}
          >
            Clear search and filter
          </Button>
        }
      />
    ) : data.total > 0 && params.page > 1 ? (
      <EmptyState title="This page is empty." action={<Button onClick={() => updateParams({ page: undefined })}>Go to the first page</Button>} />
    ) : (
      <EmptyState
        title="No real-time services yet — Deploy one"
        action={
          <ButtonLink to={paths.deploy} variant="primary">
            Deploy a real-time service
          </ButtonLink>
        }
      >
        A real-time service runs a version of one of your AI applications and answers inference calls.
      </EmptyState>
    );
  } else if (data) {
    body = (
      <>
        <ServicesTable
          services={data.items}
          sort={params.sort}
          order={params.order}
          onSort={onSort}
          onRequestDelete={(service) => {
            deleteService.reset();
            setToDelete(service);
          }}
          onActionError={(service, action, error) => {
            const { title, detail } = describeError(error);
            setActionError(`Could not ${action} ${service.name}: ${detail || title}`);
          }}
        />
        <Pagination
          page={params.page}
          pageSize={data.pageSize}
          total={data.total}
          noun="services"
          onPageChange={(page) => updateParams({ page: page > 1 ? String(page) : undefined }, false)}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Real-Time Services"
        description="Deploy a version of your AI application as a real-time inference service and call it."
        actions={<DeployButton count={data?.count} limit={data?.limit} />}
      />
      <form className="toolbar" role="search" aria-label="Search and filter services" onSubmit={(event) => {
        event.preventDefault();
        updateParams({ q: searchText.trim() });
      }}>
        <TextField
          label="Search by name"
          type="search"
          name="q"
          value={searchText}
          maxLength={64}
          onChange={(event) => setSearchText(event.target.value)}
        />
        <SelectField
          label="State"
          name="state"
          placeholder="All states"
          value={params.state ?? ""}
          options={SERVICE_STATES.map((state) => ({ value: state, label: state === "Concerning" ? "Concerning (Alarm)" : state }))}
          onChange={(event) => updateParams({ state: event.target.value || undefined })}
        />
        <span className="muted" aria-live="polite" style={{ minWidth: "9rem" }}>
          {services.isFetching && !services.isPending ? "Updating…" : connected ? "Live updates on" : "\u00a0"}
        </span>
      </form>
      {actionError ? (
        <FormAlert>
          {actionError}{" "}
          <Button size="sm" variant="ghost" onClick={() => setActionError(null)}>
            Dismiss
          </Button>
        </FormAlert>
      ) : null}
      {services.isError && data ? <FormAlert>Could not refresh the list: {describeError(services.error).detail}</FormAlert> : null}
      {body}
      <ConfirmDialog
        open={toDelete !== null}
        title={`Delete ${toDelete?.name ?? "service"}?`}
        confirmLabel="Delete"
        busy={deleteService.isPending}
        error={deleteService.isError ? describeError(deleteService.error).detail : null}
        onClose={() => setToDelete(null)}
        onConfirm={() => {
          if (!toDelete) return;
          deleteService.mutate(toDelete.id, { onSuccess: () => setToDelete(null) });
        }}
      >
        <p>
          The service stops answering calls, its instances are removed and the quota it holds is released. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
