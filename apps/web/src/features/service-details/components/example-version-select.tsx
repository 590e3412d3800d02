import type { ServiceConfiguration, ServiceDetail } from "@rts/contracts";
import { useId, useState } from "react";
import { busiestConfiguration } from "./request-examples.ts";

/** The chosen configuration whose example a panel shows; starts at the busiest one. */
export function useExampleConfiguration(service: ServiceDetail) {
  const [id, setId] = useState(() => busiestConfiguration(service)?.id ?? "");
  const configuration = service.configurations.find((c) => c.id === id) ?? busiestConfiguration(service);
  return [configuration, setId] as const;
}

/** Lets a person pick which version's example to start from; nothing to pick with one version. */
export function ExampleVersionSelect({
  service,
  value,
  onChange,
}: {
  service: ServiceDetail;
  value: ServiceConfiguration | undefined;
  onChange: (configurationId: string) => void;
}) {
  const selectId = useId();
  if (service.configurations.length < 2) return null;
  return (
    <div className="sd-inline-form">
      <label htmlFor={selectId}>Example of version</label>
      <select id={selectId} value={value?.id ?? ""} onChange={(event) => onChange(event.target.value)}>
        {service.configurations.map((c) => (
          <option key={c.id} value={c.id}>
            {c.version} ({service.routing.find((r) => r.versionId === c.versionId)?.trafficRatio ?? c.trafficRatio}% of calls)
          </option>
        ))}
      </select>
    </div>
  );
}
