// Service details (DESIGN "UI"): header with state and actions, then tabs for configuration,
// instances, events, usage guide, prediction test, monitoring, collected data and metering.
import { useParams, useSearchParams } from "react-router";
import { isNotFound } from "../../api/services/services-calls.ts";
import { useService } from "../../api/services/services-queries.ts";
import { Breadcrumbs } from "../../components/ui/breadcrumbs/breadcrumbs.tsx";
import { PageHeader } from "../../components/ui/page-header/page-header.tsx";
import { CollectedDataPanel } from "./components/collected-data-panel.tsx";
import { EventsPanel } from "./components/events-panel.tsx";
import { InstancesPanel } from "./components/instances-panel.tsx";
import { MeteringPanel } from "./components/metering-panel.tsx";
import { MonitoringPanel } from "./components/monitoring-panel.tsx";
import { OverviewPanel } from "./components/overview-panel.tsx";
import { PredictionTestPanel } from "./components/prediction-test-panel.tsx";
import { RevisionsPanel } from "./components/revisions-panel.tsx";
import { ErrorLine } from "./components/query-state.tsx";
import { serviceCrumbs, ServiceHeader } from "./components/service-header.tsx";
import { ServiceTabs, type TabDefinition } from "./components/service-tabs.tsx";
import { TrafficPanel } from "./components/traffic-panel.tsx";
import { UsageGuidePanel } from "./components/usage-guide-panel.tsx";
import "./service-details.css";

const TABS = [
  { id: "overview", label: "Overview & configuration" },
  { id: "instances", label: "Instances" },
  { id: "traffic", label: "Traffic" },
  { id: "events", label: "Events" },
  { id: "revisions", label: "Revisions" },
  { id: "usage", label: "Usage guide" },
  { id: "prediction", label: "Prediction test" },
  { id: "monitoring", label: "Monitoring" },
  { id: "collected-data", label: "Collected data" },
  { id: "metering", label: "Metering" },
] as const satisfies readonly TabDefinition<string>[];

type TabId = (typeof TABS)[number]["id"];

function isTabId(value: string | null): value is TabId {
  return TABS.some((tab) => tab.id === value);
}

export function ServiceDetails({ serviceId }: { serviceId: string }) {
  const service = useService(serviceId);
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get("tab");
  const tab: TabId = isTabId(requested) ? requested : "overview";

  if (service.isPending) {
    return (
      <div className="sd-page" aria-busy="true">
        <div className="sd-header sd-skeleton">
          <Breadcrumbs items={serviceCrumbs("Service")} />
          <p role="status">Loading service…</p>
        </div>
      </div>
    );
  }

  if (service.isError) {
    return (
      <div className="sd-page">
        {isNotFound(service.error) ? (
          <PageHeader
            title="Service not found or not yours"
            breadcrumbs={serviceCrumbs("Not found")}
            description="It may have been deleted. Check the link, or pick a service from the list."
          />
        ) : (
          <>
            <PageHeader title="Service" breadcrumbs={serviceCrumbs("Service")} />
            <ErrorLine what="the service" error={service.error} onRetry={() => void service.refetch()} />
          </>
        )}
      </div>
    );
  }

  const data = service.data;
  return (
    <div className="sd-page">
      <ServiceHeader service={data} />
      <ServiceTabs
        tabs={TABS}
        selected={tab}
        label="Service details"
        onSelect={(next) =>
          setSearchParams(
            (params) => {
              const updated = new URLSearchParams(params);
              if (next === "overview") updated.delete("tab");
              else updated.set("tab", next);
              return updated;
            },
            { replace: true, preventScrollReset: true },
          )
        }
      >
        {tab === "overview" ? <OverviewPanel service={data} /> : null}
        {tab === "instances" ? <InstancesPanel service={data} /> : null}
        {tab === "traffic" ? <TrafficPanel service={data} /> : null}
        {tab === "events" ? <EventsPanel service={data} /> : null}
        {tab === "revisions" ? <RevisionsPanel service={data} /> : null}
        {tab === "usage" ? <UsageGuidePanel service={data} /> : null}
        {tab === "prediction" ? <PredictionTestPanel service={data} /> : null}
        {tab === "monitoring" ? <MonitoringPanel serviceId={data.id} /> : null}
        {tab === "collected-data" ? <CollectedDataPanel service={data} /> : null}
        {tab === "metering" ? <MeteringPanel service={data} /> : null}
      </ServiceTabs>
    </div>
  );
}

export function Component() {
  const { serviceId } = useParams<{ serviceId: string }>();
  if (!serviceId) return <p>No service chosen.</p>;
  // key: a different service starts with fresh local state (tabs, forms, sockets).
  return <ServiceDetails key={serviceId} serviceId={serviceId} />;
}
