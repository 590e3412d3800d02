// Quick ratio edit (R16): one "Traffic Ratio (%)" per version, checked as you type by the shared
// R5 rules, applied with the revision the page loaded (If-Match). A ratio-only change moves the
// gateway's split at once and restarts nothing; 412 and 409 say what happened and what to do.
import { canModify, transitionRefusal, type ServiceDetail } from "@rts/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useModifyService } from "../../../api/services/services-mutations.ts";
import { serviceQueryOptions } from "../../../api/services/services-queries.ts";
import {
  checkRatioEdit,
  configuredRatioTexts,
  ratioChangeBody,
  ratioErrorTarget,
  ratiosChanged,
  type RatioTexts,
} from "./traffic-panel-ratios.ts";

export const RATIO_ONLY_NOTE = "A ratio-only change applies at once: the gateway routes by the new split within a second, and no instance restarts.";
export const ROLLOUT_BLOCKS_EDIT =
  "A progressive rollout is moving traffic: pause it and promote or abort it before changing the ratios by hand.";

interface ServerErrors {
  fields: Record<string, string>;
  total: string | null;
  other: string[];
}

const NO_SERVER_ERRORS: ServerErrors = { fields: {}, total: null, other: [] };

type Outcome = { kind: "applied"; revision: number } | { kind: "stale"; detail: string } | { kind: "conflict"; detail: string } | { kind: "failed"; title: string; detail: string };

function outcomeOf(error: unknown): Outcome {
  if (error instanceof ApiProblem && error.status === 412) return { kind: "stale", detail: error.problem.detail };
  if (error instanceof ApiProblem && error.status === 409) return { kind: "conflict", detail: error.problem.detail };
  const described = describeError(error);
  return { kind: "failed", ...described };
}

export function RatioEditForm({ service, rolloutActive }: { service: ServiceDetail; rolloutActive: boolean }) {
  const queryClient = useQueryClient();
  const modify = useModifyService();
  const totalId = useId();
  const [texts, setTexts] = useState<RatioTexts>(() => configuredRatioTexts(service));
  const [edited, setEdited] = useState(false);
  const [serverErrors, setServerErrors] = useState<ServerErrors>(NO_SERVER_ERRORS);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [reloading, setReloading] = useState(false);

  // Someone else's change (or a finished rollout) arrives while nothing is typed: show it.
  const configured = JSON.stringify(configuredRatioTexts(service));
  useEffect(() => {
    if (!edited) setTexts(JSON.parse(configured) as RatioTexts);
  }, [configured, edited]);

  const check = checkRatioEdit(service, texts);
  const changed = check.ratios !== null && ratiosChanged(service, check.ratios);
  const blockedBy = rolloutActive ? ROLLOUT_BLOCKS_EDIT : canModify(service.state) ? null : transitionRefusal("modify", service.state);
  const disabledReason =
    blockedBy ??
    (outcome?.kind === "stale" ? "This service changed since the page loaded it: reload the current ratios first." : null) ??
    (check.ratios === null ? "Fix the traffic ratios first: they must be whole percents adding up to 100." : changed ? null : "No traffic ratio changed yet.");
  const totalError = serverErrors.total ?? check.totalError;

  function edit(versionId: string, value: string) {
    setTexts((old) => ({ ...old, [versionId]: value }));
    setEdited(true);
    setServerErrors(NO_SERVER_ERRORS);
    if (outcome?.kind !== "stale") setOutcome(null);
  }

  function reset(to: ServiceDetail) {
    setTexts(configuredRatioTexts(to));
    setEdited(false);
    setServerErrors(NO_SERVER_ERRORS);
  }

  async function reload() {
    setReloading(true);
    try {
      reset(await queryClient.fetchQuery({ ...serviceQueryOptions(service.id), staleTime: 0 }));
      setOutcome(null);
    } catch (error) {
      setOutcome(outcomeOf(error));
    } finally {
      setReloading(false);
    }
  }

  function apply(event: FormEvent) {
    event.preventDefault();
    if (disabledReason !== null || check.ratios === null) return;
    setOutcome(null);
    modify.mutate(
      { serviceId: service.id, body: ratioChangeBody(service, check.ratios), revision: service.revision },
      {
        onSuccess: (updated) => {
          reset(updated);
          setOutcome({ kind: "applied", revision: updated.revision });
        },
        onError: (error) => {
          if (error instanceof ApiProblem && error.status === 422) {
            const next: ServerErrors = { fields: {}, total: null, other: [] };
            for (const fieldError of error.problem.errors ?? []) {
              const target = ratioErrorTarget(service, fieldError.path);
              if (target === "total") next.total ??= fieldError.message;
              else if (target) next.fields[target.versionId] ??= fieldError.message;
              else next.other.push(fieldError.message);
            }
            if (next.other.length === 0 && next.total === null && Object.keys(next.fields).length === 0) next.other.push(error.problem.detail);
            setServerErrors(next);
            return;
          }
          setOutcome(outcomeOf(error));
        },
      },
    );
  }

  if (service.configurations.length < 2) {
    return (
      <section className="tp-section" aria-labelledby="tp-ratio-heading">
        <h3 id="tp-ratio-heading">Change traffic ratios</h3>
        <p className="sd-muted">One version receives all the traffic. Add a second version with Modify to split traffic between versions.</p>
      </section>
    );
  }

  return (
    <section className="tp-section" aria-labelledby="tp-ratio-heading">
      <h3 id="tp-ratio-heading">Change traffic ratios</h3>
      <p className="sd-muted">{RATIO_ONLY_NOTE}</p>
      <form onSubmit={apply} noValidate aria-labelledby="tp-ratio-heading">
        <div className="tp-ratio-fields">
          {service.configurations.map((c) => (
            <TextField
              key={c.versionId}
              label={`Traffic Ratio (%) ${c.applicationName} ${c.version}`}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              value={texts[c.versionId] ?? ""}
              onChange={(event) => edit(c.versionId, event.target.value)}
              error={serverErrors.fields[c.versionId] ?? check.fieldErrors[c.versionId]}
              aria-describedby={totalError ? totalId : undefined}
            />
          ))}
        </div>
        <div aria-live="polite">
          <p className="tp-total">Total: {check.total === null ? "—" : `${check.total}%`} (must be 100%)</p>
          {totalError ? (
            <p className="field-error" id={totalId}>
              {totalError}
            </p>
          ) : null}
        </div>
        {serverErrors.other.length > 0 ? (
          <FormAlert>
            {serverErrors.other.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </FormAlert>
        ) : null}
        {blockedBy ? <p className="sd-muted">{blockedBy}</p> : null}
        <div className="tp-actions">
          <Button type="submit" variant="primary" busy={modify.isPending} disabledReason={modify.isPending ? null : disabledReason}>
            {modify.isPending ? "Applying…" : "Apply"}
          </Button>
          {edited ? (
            <Button variant="ghost" onClick={() => reset(service)} disabled={modify.isPending}>
              Reset
            </Button>
          ) : null}
        </div>
        <div className="tp-status">
          <RatioOutcome outcome={outcome} reloading={reloading} onReload={() => void reload()} />
        </div>
      </form>
    </section>
  );
}

function RatioOutcome({ outcome, reloading, onReload }: { outcome: Outcome | null; reloading: boolean; onReload: () => void }) {
  if (outcome === null) return null;
  switch (outcome.kind) {
    case "applied":
      return (
        <FormAlert tone="success">
          Applied at once as revision {outcome.revision}: the gateway routes by the new split, and no instance restarted.
        </FormAlert>
      );
    case "stale":
      return (
        <FormAlert>
          <p>
            <strong>Not applied: this service changed since the page loaded it.</strong> {outcome.detail}
          </p>
          <Button size="sm" onClick={onReload} busy={reloading}>
            Reload the current ratios
          </Button>
        </FormAlert>
      );
    case "conflict":
      return (
        <FormAlert>
          <strong>Not applied now:</strong> {outcome.detail}
        </FormAlert>
      );
    case "failed":
      return (
        <FormAlert>
          <strong>{outcome.title}</strong> {outcome.detail}
        </FormAlert>
      );
  }
}
