// Step 2: Resource pool and AI application. Pool choice, the AI application with one or more
// version configurations (gray launch), the live traffic ratio total, Timeout and WebSocket.
import {
  CONFIGURATIONS_MAX,
  MODIFY_MESSAGES,
  TIMEOUT_MAX_MINUTES,
  TIMEOUT_MIN_MINUTES,
  TRAFFIC_RATIO_TOTAL,
  VERSION_MESSAGES,
  findFlavor,
  findVersion,
  websocketAvailability,
  type AppVersion,
  type DeployContext,
  type Flavor,
} from "@rts/contracts";
import { useEffect, useRef, useState } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { emptyConfiguration, requiredNumber, snapshot, type DeployFormValues } from "../deploy-form.ts";
import {
  FieldError,
  GroupMessages,
  describedBy,
  errorId,
  fieldId,
  hintId,
  useFieldA11y,
  useFieldMessages,
} from "./field-state.tsx";
import { VersionConfigurationRow } from "./version-configuration-row.tsx";

const SET = { shouldDirty: true, shouldTouch: true, shouldValidate: true } as const;

export type ApplicationOption = { id: string; name: string; versions: AppVersion[] };

export function applicationsOf(context: DeployContext): ApplicationOption[] {
  const byId = new Map<string, ApplicationOption>();
  for (const v of context.versions) {
    const app = byId.get(v.applicationId) ?? { id: v.applicationId, name: v.applicationName, versions: [] };
    app.versions.push(v);
    byId.set(v.applicationId, app);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function offeredFlavors(context: DeployContext, pool: DeployFormValues["resourcePool"] | undefined): Flavor[] {
  if (!pool || pool.type === "public") return context.flavors.filter((f) => f.inPublicPool);
  const ids = new Set(
    (pool.poolIds ?? []).flatMap((id) => context.pools.find((p) => p.id === id)?.flavorIds ?? []),
  );
  return context.flavors.filter((f) => ids.has(f.id));
}

/** Why a further version cannot be added, or null when it can. */
function addVersionRefusal(
  context: DeployContext,
  application: ApplicationOption | undefined,
  configurations: DeployFormValues["configurations"],
): string | null {
  if (!application) return "Choose an AI application first.";
  const free = configurations.map((c) => findFlavor(context, c?.flavorId ?? "")).find((f) => f?.free);
  if (free) return VERSION_MESSAGES.freeFlavorSingleVersion(free.name);
  if (configurations.length >= CONFIGURATIONS_MAX) return VERSION_MESSAGES.tooManyConfigurations;
  const taken = new Set(configurations.map((c) => c?.versionId));
  if (!application.versions.some((v) => v.state === "Normal" && !taken.has(v.id))) {
    return `Every Normal version of "${application.name}" is already added.`;
  }
  return null;
}

/** `websocketFixed`: Modify mode, where WebSocket is shown but cannot change (R10). */
export function ResourcesStep({ poolField, websocketFixed = false }: { poolField: React.ReactNode; websocketFixed?: boolean }) {
  const { control, register, setValue, getValues } = useFormContext<DeployFormValues>();
  const { context, errorFor } = useFieldMessages();
  const { fields, append, remove, replace } = useFieldArray({ control, name: "configurations" });
  const configurations = useWatch({ control, name: "configurations", compute: snapshot }) ?? [];
  const resourcePool = useWatch({ control, name: "resourcePool", compute: snapshot });
  const multiPool = useWatch({ control, name: "multiPoolLoadBalancing" }) ?? false;
  const websocket = useWatch({ control, name: "websocket" }) ?? false;
  const applications = applicationsOf(context);

  const [applicationId, setApplicationId] = useState<string>(() => {
    const first = findVersion(context, getValues("configurations.0.versionId") ?? "");
    return first?.applicationId ?? (applications.length === 1 ? (applications[0]?.id ?? "") : "");
  });
  const application = applications.find((a) => a.id === applicationId);

  function chooseApplication(id: string) {
    setApplicationId(id);
    // Versions of one application only (R5): start over with a single row on the same specification.
    const flavorId = getValues("configurations.0.flavorId") ?? "";
    const computeNodes = getValues("configurations.0.computeNodes") ?? 1;
    replace([emptyConfiguration({ flavorId, computeNodes })]);
    if (!websocketFixed) setValue("websocket", false, SET);
  }

  const flavors = offeredFlavors(context, resourcePool);
  const flavorsEmptyText =
    resourcePool?.type === "dedicated" ? "Choose a dedicated resource pool first; its specification is listed here." : undefined;
  const ratios = configurations.map((c) => Number(c?.trafficRatio));
  const total = ratios.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const refusal = addVersionRefusal(context, application, configurations);
  const chosenVersions = configurations
    .map((c) => findVersion(context, c?.versionId ?? ""))
    .filter((v): v is AppVersion => v !== undefined);
  const ws = websocketAvailability(chosenVersions);
  const websocketRequired = ws.required && ws.allowed && !websocketFixed;

  // R10: a version that speaks only WebSocket runs only in a WebSocket service, and WebSocket
  // cannot change after deploy, so the switch follows the versions instead of waiting for an
  // error; it goes back off when the version that forced it is no longer chosen.
  const forcedOn = useRef(false);
  useEffect(() => {
    if (websocketRequired && !getValues("websocket")) {
      setValue("websocket", true, SET);
      setValue("trafficLimit", null, SET);
      setValue("dataCollection", { enabled: false }, SET);
    } else if (!websocketRequired && forcedOn.current && getValues("websocket")) {
      setValue("websocket", false, SET);
    }
    forcedOn.current = websocketRequired;
  }, [websocketRequired, getValues, setValue]);

  function addVersion() {
    const first = getValues("configurations.0");
    append(
      emptyConfiguration({
        trafficRatio: 0,
        flavorId: first?.flavorId ?? "",
        computeNodes: first?.computeNodes ?? 1,
      }),
      { shouldFocus: false },
    );
  }

  function toggleWebsocket(on: boolean) {
    setValue("websocket", on, SET);
    if (on) {
      // R10: a WebSocket service has neither a traffic limit nor data collection.
      setValue("trafficLimit", null, SET);
      setValue("dataCollection", { enabled: false }, SET);
    }
  }

  const timeout = useFieldA11y("timeoutMinutes", hintId("timeoutMinutes"));
  const websocketError = errorFor("websocket");
  return (
    <div className="deploy-fields">
      {poolField}

      <div className="deploy-field">
        <label htmlFor={fieldId("applicationSource")}>AI Application Source</label>
        <select id={fieldId("applicationSource")} defaultValue="mine">
          <option value="mine">My AI Applications</option>
        </select>
      </div>

      <div className="deploy-field">
        <label htmlFor={fieldId("application")}>AI Application and Version</label>
        <select
          id={fieldId("application")}
          value={applicationId}
          aria-describedby={hintId("application")}
          onChange={(e) => chooseApplication(e.target.value)}
        >
          <option value="">Choose an AI application</option>
          {applications.map((a) => {
            const normal = a.versions.some((v) => v.state === "Normal");
            return (
              <option key={a.id} value={a.id} disabled={!normal}>
                {a.name}
                {normal ? "" : " (no Normal version)"}
              </option>
            );
          })}
        </select>
        <p className="deploy-hint" id={hintId("application")}>
          Select the AI application, then its version in each configuration below. Only Normal versions can be deployed.
        </p>
      </div>

      <div id={fieldId("configurations")} tabIndex={-1}>
        {fields.map((field, index) => (
          <VersionConfigurationRow
            key={field.id}
            index={index}
            versions={application?.versions ?? []}
            takenVersionIds={configurations.filter((_, j) => j !== index).map((c) => c?.versionId ?? "")}
            flavors={flavors}
            flavorsEmptyText={flavorsEmptyText}
            multiPool={multiPool}
            onRemove={fields.length > 1 ? () => remove(index) : undefined}
          />
        ))}
      </div>

      <p className="deploy-ratio-total" role="status" data-ok={total === TRAFFIC_RATIO_TOTAL}>
        Traffic ratio total: {total}% (must be {TRAFFIC_RATIO_TOTAL}%)
      </p>
      <GroupMessages path="configurations" />

      <div className="deploy-field">
        <label htmlFor={fieldId("timeoutMinutes")}>Timeout</label>
        <div className="deploy-input-suffix">
          <input
            type="number"
            inputMode="numeric"
            min={TIMEOUT_MIN_MINUTES}
            max={TIMEOUT_MAX_MINUTES}
            step={1}
            {...timeout.inputProps}
            {...register("timeoutMinutes", { setValueAs: requiredNumber })}
          />
          <span aria-hidden="true">minutes</span>
        </div>
        <p className="deploy-hint" id={hintId("timeoutMinutes")}>
          Minutes for deployment plus startup ({TIMEOUT_MIN_MINUTES}-{TIMEOUT_MAX_MINUTES}); otherwise the service fails with the reason.
        </p>
        <FieldError path="timeoutMinutes" message={timeout.error} />
      </div>

      <div className="deploy-field">
        <div className="deploy-checkbox">
          <input
            type="checkbox"
            id={fieldId("websocket")}
            checked={websocket}
            disabled={websocketFixed || websocketRequired || (!ws.allowed && !websocket)}
            aria-invalid={websocketError ? true : undefined}
            aria-describedby={describedBy(hintId("websocket"), websocketError && errorId("websocket"))}
            onChange={(e) => toggleWebsocket(e.target.checked)}
          />
          <label htmlFor={fieldId("websocket")}>WebSocket</label>
        </div>
        <p className="deploy-hint" id={hintId("websocket")}>
          {websocketFixed
            ? `${websocket ? "On" : "Off"}. ${MODIFY_MESSAGES.fixed.websocket.message}`
            : ws.allowed && !ws.required
            ? "Deploy as a WebSocket service. Then Traffic limit and Data Collection cannot be set, and WebSocket cannot be changed after the service is deployed."
            : ws.reason}
          {websocket && !websocketFixed && !websocketRequired && " WebSocket is on: Traffic limit and Data Collection are turned off."}
        </p>
        <FieldError path="websocket" message={websocketError} />
      </div>

      <div className="deploy-field">
        <button
          type="button"
          className="deploy-button-secondary"
          disabled={refusal !== null}
          aria-describedby={refusal ? hintId("addVersion") : undefined}
          onClick={addVersion}
        >
          Add AI Application Version and Configuration
        </button>
        <p className="deploy-hint" id={hintId("addVersion")}>
          {refusal ?? "Add another version of this AI application for gray launch, then split the traffic between them."}
        </p>
      </div>
    </div>
  );
}
