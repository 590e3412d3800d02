// Start a progressive rollout: where traffic should end up, how fast it moves and what stops it.
// Checked as you type with the shared StartRolloutRequestSchema's sentences; the server's 422
// field errors land on the same fields by path, and 409/412 say why nothing started.
import { ROLLOUT_BAKE_MAX_SECONDS, ROLLOUT_BAKE_MIN_SECONDS, type ServiceDetail, type ServiceState } from "@rts/contracts";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState, type FormEvent } from "react";
import { Button } from "../../../components/ui/button/button.tsx";
import { describeError } from "../../../components/ui/error-state/error-state.tsx";
import { FormAlert } from "../../../components/ui/form-alert/form-alert.tsx";
import { SelectField } from "../../../components/ui/select-field/select-field.tsx";
import { TextField } from "../../../components/ui/text-field/text-field.tsx";
import { ApiProblem } from "../../../lib/api-client.ts";
import { useStartRollout } from "../../../api/rollouts/rollouts.ts";
import { ratioOf } from "../../rollouts/rollout-progress.ts";
import {
  TARGET_RATIOS_PATH,
  defaultRolloutValues,
  formPathOf,
  guardPath,
  judgeRolloutForm,
  sumOfTargets,
  type GuardField,
  type RolloutFormValues,
} from "../../rollouts/rollout-form.ts";
import { serviceQueryOptions } from "../../../api/services/services-queries.ts";

// Traffic has to flow for the guards to judge anything.
const ROLLOUT_STATES_ALLOWED: readonly ServiceState[] = ["Running", "Concerning"];

const GUARD_INPUTS: ReadonlyArray<{ field: GuardField; label: string; hint: string; decimals: boolean }> = [
  { field: "maxErrorRatePercent", label: "Max 5xx rate (%)", hint: "The new version's 5xx rate over a bake may not exceed this. Empty: not checked.", decimals: true },
  { field: "maxP99Ms", label: "Max p99 (ms)", hint: "The new version's p99 latency over a bake may not exceed this. Empty: not checked.", decimals: false },
  {
    field: "maxErrorRateVsBaseline",
    label: "Max 5xx rate vs baseline (×)",
    hint: "The new version's 5xx rate may not exceed the baseline's times this, plus 1 point. Empty: not checked.",
    decimals: true,
  },
  { field: "maxP99VsBaseline", label: "Max p99 vs baseline (×)", hint: "The new version's p99 may not exceed the baseline's times this. Empty: not checked.", decimals: true },
  { field: "minCalls", label: "Min calls per step", hint: "A step is judged only once the new version got this many calls in it; until then it keeps baking. Default 10.", decimals: false },
];

type Outcome = { kind: "stale"; detail: string } | { kind: "failed"; title: string; detail: string };

function valuesFor(service: ServiceDetail): RolloutFormValues {
  return defaultRolloutValues(
    service.configurations.map((c) => ({ versionId: c.versionId, trafficRatio: ratioOf(service.routing, c.versionId) ?? c.trafficRatio })),
  );
}

export function StartRolloutForm({ service }: { service: ServiceDetail }) {
  const queryClient = useQueryClient();
  const start = useStartRollout(service.id);
  const ids = useId();
  const versionIds = service.configurations.map((c) => c.versionId);
  const [values, setValues] = useState<RolloutFormValues>(() => valuesFor(service));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  // The live split moved (another rollout ended, a modify) while nothing was typed: start from it.
  const defaults = JSON.stringify(valuesFor(service));
  useEffect(() => {
    if (touched.size === 0) setValues(JSON.parse(defaults) as RolloutFormValues);
  }, [defaults, touched]);

  const verdict = judgeRolloutForm(values, {
    versions: service.configurations.map((c) => ({ versionId: c.versionId, version: c.version })),
    routing: service.routing,
  });
  const sum = sumOfTargets(values, versionIds);
  const stateRefusal = ROLLOUT_STATES_ALLOWED.includes(service.state)
    ? null
    : `A rollout moves live traffic and judges it, so the service must be Running or Concerning; it is ${service.state}.`;

  function errorFor(path: string): string | undefined {
    return serverErrors[path] ?? (submitted || touched.has(path) ? verdict.errors[path] : undefined);
  }

  function change(path: string, update: (old: RolloutFormValues) => RolloutFormValues) {
    setValues(update);
    setTouched((old) => new Set(old).add(path));
    setServerErrors((old) => {
      const { [path]: _dropped, ...rest } = old;
      return rest;
    });
    setOutcome((old) => (old?.kind === "stale" ? old : null));
  }

  async function reload() {
    try {
      const fresh = await queryClient.fetchQuery({ ...serviceQueryOptions(service.id), staleTime: 0 });
      setValues(valuesFor(fresh));
      setTouched(new Set());
      setSubmitted(false);
      setServerErrors({});
      setOutcome(null);
    } catch (error) {
      setOutcome({ kind: "failed", ...describeError(error) });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    setServerErrors({});
    setOutcome(null);
    if (!verdict.ok || stateRefusal) return;
    start.mutate(
      { body: verdict.body, revision: service.revision },
      {
        onError: (error) => {
          if (error instanceof ApiProblem && error.status === 422 && (error.problem.errors ?? []).length > 0) {
            const byPath: Record<string, string> = {};
            for (const fieldError of error.problem.errors ?? []) byPath[formPathOf(fieldError.path)] ??= fieldError.message;
            setServerErrors(byPath);
          } else if (error instanceof ApiProblem && error.status === 412) {
            setOutcome({ kind: "stale", detail: error.problem.detail });
          } else {
            setOutcome({ kind: "failed", ...describeError(error) });
          }
        },
      },
    );
  }

  const targetsError = errorFor(TARGET_RATIOS_PATH);
  const targetsErrorId = `${ids}-targets-error`;
  const knownPaths = new Set([TARGET_RATIOS_PATH, "stepPercent", "bakeSeconds", "baselineVersionId", ...GUARD_INPUTS.map((g) => guardPath(g.field))]);
  const otherServerErrors = Object.entries(serverErrors).filter(([path]) => !knownPaths.has(path));
  const hasErrors = submitted && !verdict.ok;

  return (
    <section className="tp-section" aria-labelledby="tp-start-heading">
      <h4 id="tp-start-heading">Start a progressive rollout</h4>
      <p className="sd-muted">
        Traffic moves towards the target a step at a time. Each step bakes, then the guards judge the new version by the gateway&apos;s own
        measurements: a broken guard puts the split back where it started.
      </p>
      <form onSubmit={submit} noValidate aria-labelledby="tp-start-heading">
        <fieldset className="tp-fieldset" aria-describedby={targetsError ? targetsErrorId : undefined}>
          <legend>Target Traffic Ratio (%)</legend>
          <div className="tp-ratio-fields">
            {service.configurations.map((c) => {
              const text = values.targetRatios[c.versionId] ?? "";
              return (
                <TextField
                  key={c.versionId}
                  label={`Target Traffic Ratio (%) ${c.applicationName} ${c.version}`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={100}
                  step={1}
                  value={text}
                  aria-describedby={targetsError ? targetsErrorId : undefined}
                  onChange={(event) =>
                    change(TARGET_RATIOS_PATH, (old) => ({ ...old, targetRatios: { ...old.targetRatios, [c.versionId]: event.target.value } }))
                  }
                />
              );
            })}
          </div>
          <div aria-live="polite">
            <p className="tp-total">Total: {sum === null ? "—" : `${sum}%`} (must be 100%)</p>
            {targetsError ? (
              <p className="field-error" id={targetsErrorId}>
                {targetsError}
              </p>
            ) : null}
          </div>
        </fieldset>
        <div className="tp-fields">
          <TextField
            label="Step (points)"
            hint="Points of traffic moved towards the target at each step."
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={values.stepPercent}
            error={errorFor("stepPercent")}
            onChange={(event) => change("stepPercent", (old) => ({ ...old, stepPercent: event.target.value }))}
          />
          <TextField
            label="Bake time (s)"
            hint={`How long each step runs before the guards judge it (${ROLLOUT_BAKE_MIN_SECONDS}-${ROLLOUT_BAKE_MAX_SECONDS} s).`}
            type="number"
            inputMode="numeric"
            min={ROLLOUT_BAKE_MIN_SECONDS}
            max={ROLLOUT_BAKE_MAX_SECONDS}
            step={1}
            value={values.bakeSeconds}
            error={errorFor("bakeSeconds")}
            onChange={(event) => change("bakeSeconds", (old) => ({ ...old, bakeSeconds: event.target.value }))}
          />
          <SelectField
            label="Baseline version"
            hint="What the guards against the baseline compare with. Automatic: the version losing the most traffic."
            placeholder="Automatic"
            options={service.configurations.map((c) => ({ value: c.versionId, label: `${c.applicationName} ${c.version}` }))}
            value={values.baselineVersionId}
            error={errorFor("baselineVersionId")}
            onChange={(event) => change("baselineVersionId", (old) => ({ ...old, baselineVersionId: event.target.value }))}
          />
        </div>
        <fieldset className="tp-fieldset">
          <legend>Guards: a broken guard rolls the traffic back</legend>
          <div className="tp-fields">
            {GUARD_INPUTS.map((guard) => (
              <TextField
                key={guard.field}
                label={guard.label}
                hint={guard.hint}
                type="number"
                inputMode={guard.decimals ? "decimal" : "numeric"}
                min={0}
                step={guard.decimals ? "any" : 1}
                value={values.guards[guard.field]}
                error={errorFor(guardPath(guard.field))}
                onChange={(event) =>
                  change(guardPath(guard.field), (old) => ({ ...old, guards: { ...old.guards, [guard.field]: event.target.value } }))
                }
              />
            ))}
          </div>
        </fieldset>
        {otherServerErrors.length > 0 ? (
          <FormAlert>
            {otherServerErrors.map(([path, message]) => (
              <p key={path}>{message}</p>
            ))}
          </FormAlert>
        ) : null}
        {stateRefusal ? <p className="sd-muted">{stateRefusal}</p> : null}
        <div className="tp-actions">
          <Button type="submit" variant="primary" busy={start.isPending} disabledReason={start.isPending ? null : stateRefusal}>
            {start.isPending ? "Starting…" : "Start rollout"}
          </Button>
        </div>
        <div className="tp-status">
          {hasErrors ? <FormAlert>Nothing started: fix the fields marked above.</FormAlert> : null}
          {outcome?.kind === "stale" ? (
            <FormAlert>
              <p>
                <strong>Not started: this service changed since the page loaded it.</strong> {outcome.detail}
              </p>
              <Button size="sm" onClick={() => void reload()}>
                Reload the service
              </Button>
            </FormAlert>
          ) : null}
          {outcome?.kind === "failed" ? (
            <FormAlert>
              <strong>Not started: {outcome.title}</strong> {outcome.detail}
            </FormAlert>
          ) : null}
        </div>
      </form>
    </section>
  );
}
