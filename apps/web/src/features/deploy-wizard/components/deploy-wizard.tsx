// The Deploy wizard: three steps of parameters, then a confirmation, then submit. It knows no
// URLs: the context (catalogue, quota, service count) and the server calls come in as props, so
// stories and tests render it without a backend. With `modify` it changes a deployed service
// (R16): prefilled, the fixed settings read-only, judged by the modify rule, and confirmed with
// the change's diff.
import {
  SERVICE_LIMIT_MESSAGE,
  isAtServiceLimit,
  type DeployContext,
  type DeployServiceRequest,
  type RuleIssue,
} from "@rts/contracts";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { FormProvider, get, useForm, useWatch, type FieldPath } from "react-hook-form";
import { ApiProblem } from "../../../lib/api-client.ts";
import {
  CONFIRM_STEP,
  WIZARD_STEPS,
  defaultDeployValues,
  deployResolver,
  isPathWithin,
  liveIssues,
  snapshot,
  stepOfPath,
  type DeployFormValues,
  type StepIndex,
} from "../deploy-form.ts";
import { useDeployPreview, type RequestPreview } from "../hooks/use-deploy-preview.ts";
import { useModifyPreview } from "../hooks/use-modify-preview.ts";
import { COMPUTE_NODES_PATH, liveModifyIssues, modifyResolver, type ModifyMode } from "../modify-form.ts";
import { BasicInfoStep } from "./basic-info-step.tsx";
import { ConfirmationStep } from "./confirmation-step.tsx";
import { DataCollectionStep } from "./data-collection-step.tsx";
import { DeployPreviewPanel } from "./deploy-preview-panel.tsx";
import { DiscardChangesDialog } from "./discard-changes-dialog.tsx";
import { FieldMessagesProvider, fieldId, type FieldMessages } from "./field-state.tsx";
import { FixedPoolField } from "./fixed-settings.tsx";
import { ModifyConfirmationStep } from "./modify-confirmation-step.tsx";
import { ModifyPreviewPanel } from "./modify-preview-panel.tsx";
import { ResourcePoolField } from "./resource-pool-field.tsx";
import { ResourcesStep } from "./resources-step.tsx";
import "./deploy-wizard.css";

export type DeployWizardProps = {
  context: DeployContext;
  /** Sends the deploy; throws ApiProblem (422 field errors, 500...) to have it shown on the form. */
  onSubmit: (request: DeployServiceRequest) => Promise<unknown>;
  /** The server's dry run (POST ?dryRun=true); without it the preview is computed in the browser only. */
  requestPreview?: RequestPreview;
  /** Leaves the wizard; asked for only after the user confirmed discarding what they changed. */
  onCancel?: () => void;
  /** Told whenever the form gains or loses changes, so a page can ask before it is left. */
  onDirtyChange?: (dirty: boolean) => void;
  initialValues?: Partial<DeployFormValues>;
  initialStep?: StepIndex;
  /** Show every rule's message at once, as after a submit attempt (used by stories). */
  revealErrors?: boolean;
  /** Modify this deployed service instead of deploying a new one; `onSubmit` then gets the merged request. */
  modify?: ModifyMode;
};

type FormAlert = { title: string; messages: string[] };

const STEP_COUNT = WIZARD_STEPS.length;

function focusPath(path: string) {
  const segments = path.split(".");
  for (let n = segments.length; n > 0; n--) {
    const el = document.getElementById(fieldId(segments.slice(0, n).join(".")));
    if (el) {
      el.focus();
      return;
    }
  }
}

export function DeployWizard(props: DeployWizardProps) {
  const { context, onSubmit, requestPreview, onCancel, onDirtyChange, initialValues, initialStep = 0, revealErrors = false, modify } = props;
  const [defaultValues] = useState(() => defaultDeployValues(initialValues ?? modify?.current));
  const resolver = useMemo(() => (modify ? modifyResolver(context, modify.current) : deployResolver(context)), [context, modify]);
  const form = useForm<DeployFormValues, unknown, DeployServiceRequest>({ defaultValues, resolver, mode: "onChange" });
  const { control, formState, setError, clearErrors, watch } = form;
  const values = useWatch({ control, compute: snapshot }) as DeployFormValues;

  const [step, setStep] = useState<StepIndex>(initialStep);
  const [attempted, setAttempted] = useState<ReadonlySet<number>>(() =>
    revealErrors ? new Set([0, 1, 2, 3]) : new Set<number>(),
  );
  const [alert, setAlert] = useState<FormAlert | null>(null);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const serverPaths = useRef(new Set<string>());
  const serverRules = useRef(new Map<string, string | undefined>());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const movedRef = useRef(false);

  const issues = useMemo<RuleIssue[]>(
    () => (modify ? liveModifyIssues(values, modify.current, context) : liveIssues(values, context)),
    [values, context, modify],
  );
  const preview = useDeployPreview(values, context, modify ? undefined : requestPreview);
  const modifyPreview = useModifyPreview(values, context, modify);
  // A modify replaces the service's own slot, so the service limit (R1) does not apply to it.
  const atLimit = !modify && isAtServiceLimit(context.serviceCount);

  // Reading formState here subscribes the wizard to these parts.
  const { errors, dirtyFields, touchedFields, isSubmitting, isDirty } = formState;

  useEffect(() => onDirtyChange?.(isDirty), [isDirty, onDirtyChange]);

  function cancel() {
    if (isDirty) setConfirmingCancel(true);
    else onCancel?.();
  }

  const visible = useCallback(
    (path: string) => {
      if (attempted.has(stepOfPath(path))) return true;
      const segments = path.split(".");
      for (let n = segments.length; n > 0; n--) {
        const p = segments.slice(0, n).join(".");
        const d = get(dirtyFields, p);
        const t = get(touchedFields, p);
        if (d === true || t === true) return true;
        if (n === segments.length && (d || t)) return true;
      }
      return false;
    },
    [attempted, dirtyFields, touchedFields],
  );

  const serverMessage = useCallback(
    (path: string): string | undefined => {
      if (!serverPaths.current.has(path)) return undefined;
      const e = get(errors, path) as { type?: string; message?: string } | undefined;
      return e?.type === "server" ? e.message : undefined;
    },
    [errors],
  );

  // Modify mode: R12 refuses the configurations as a whole; the fields to change are Compute Nodes.
  const quotaRefusal = useMemo(() => {
    if (!modify) return undefined;
    const server = serverRules.current.get("configurations") === "R12" ? serverMessage("configurations") : undefined;
    if (server) return server;
    return visible("configurations") ? issues.find((i) => i.rule === "R12" && i.path === "configurations")?.message : undefined;
  }, [modify, serverMessage, visible, issues]);

  const messages = useMemo<FieldMessages>(
    () => ({
      context,
      errorFor: (path) =>
        serverMessage(path) ??
        (visible(path) ? issues.find((i) => i.path === path)?.message : undefined) ??
        (quotaRefusal && COMPUTE_NODES_PATH.test(path) ? quotaRefusal : undefined),
      messagesAt: (path) => {
        const list = visible(path) ? issues.filter((i) => i.path === path).map((i) => i.message) : [];
        const server = serverMessage(path);
        return server && !list.includes(server) ? [server, ...list] : list;
      },
    }),
    [context, issues, visible, serverMessage, quotaRefusal],
  );

  // A server error stays on its field until that field (or one inside it) changes.
  useEffect(() => {
    const subscription = watch((_, { name }) => {
      if (!name || serverPaths.current.size === 0) return;
      for (const p of [...serverPaths.current]) {
        if (isPathWithin(name, p) || isPathWithin(p, name)) {
          serverPaths.current.delete(p);
          serverRules.current.delete(p);
          clearErrors(p as FieldPath<DeployFormValues>);
        }
      }
    });
    return () => subscription.unsubscribe();
  }, [watch, clearErrors]);

  useEffect(() => {
    if (movedRef.current) headingRef.current?.focus();
  }, [step]);

  function goTo(next: StepIndex) {
    movedRef.current = true;
    setStep(next);
  }

  function blockingPaths(s: number): string[] {
    const live = issues.filter((i) => stepOfPath(i.path) === s).map((i) => i.path);
    const server = [...serverPaths.current].filter((p) => stepOfPath(p) === s);
    return [...live, ...server];
  }

  function next() {
    const blocking = blockingPaths(step);
    if (blocking.length > 0) {
      setAttempted((prev) => new Set(prev).add(step));
      focusPath(blocking[0] as string);
      return;
    }
    if (step < CONFIRM_STEP) goTo((step + 1) as StepIndex);
  }

  function back() {
    if (step > 0) goTo((step - 1) as StepIndex);
  }

  function showServerProblem(err: unknown) {
    if (!(err instanceof ApiProblem)) {
      setAlert({
        title: modify ? "The change could not be sent." : "The deploy could not be sent.",
        messages: [err instanceof Error ? err.message : "Check your connection and try again."],
      });
      return;
    }
    const fieldErrors = (err.problem.errors ?? []).filter((e) => e.path !== "" && stepOfPath(e.path) !== CONFIRM_STEP);
    const requestErrors = (err.problem.errors ?? []).filter((e) => !fieldErrors.includes(e));
    for (const e of fieldErrors) {
      serverPaths.current.add(e.path);
      serverRules.current.set(e.path, e.rule);
      setError(e.path as FieldPath<DeployFormValues>, { type: "server", message: e.message });
    }
    const alertMessages = requestErrors.map((e) => e.message);
    if (fieldErrors.length > 0) {
      const steps = [...new Set(fieldErrors.map((e) => stepOfPath(e.path)))].sort();
      alertMessages.push(
        `Fix the fields marked in: ${steps.map((s) => WIZARD_STEPS[s]?.title).join(", ")}.`,
      );
      setAttempted((prev) => new Set([...prev, ...steps]));
      const first = steps[0] as StepIndex;
      goTo(first);
      setTimeout(() => focusPath(fieldErrors.find((e) => stepOfPath(e.path) === first)?.path ?? ""), 0);
    }
    if (alertMessages.length === 0 && err.problem.detail) alertMessages.push(err.problem.detail);
    setAlert({ title: err.problem.title || (modify ? "The server refused the change." : "The server refused the deploy."), messages: alertMessages });
  }

  const submit = form.handleSubmit(
    async (request) => {
      setAlert(null);
      try {
        await onSubmit(request);
      } catch (err) {
        showServerProblem(err);
      }
    },
    () => {
      setAttempted(new Set([0, 1, 2, 3]));
      const first = issues.find((i) => i.path !== "");
      const requestWide = issues.filter((i) => i.path === "").map((i) => i.message);
      setAlert({ title: "Fix the marked fields before you submit.", messages: requestWide });
      if (first) goTo(stepOfPath(first.path));
    },
  );

  function onFormSubmit(e: FormEvent<HTMLFormElement>) {
    if (step !== CONFIRM_STEP) {
      e.preventDefault();
      next();
      return;
    }
    void submit(e);
  }

  const requestWideIssues = issues.filter((i) => i.path === "" && i.rule !== "R1");
  const currentStep = WIZARD_STEPS[step];
  const nothingToChange = modifyPreview !== null && modifyPreview.preview.valid && modifyPreview.preview.changes.length === 0;
  const submitHint = atLimit
    ? "Submit is disabled: you are at the limit of real-time services."
    : nothingToChange
      ? "Nothing to change yet: these are the service's current settings. Go back and change something."
      : null;
  return (
    <FormProvider {...form}>
      <FieldMessagesProvider value={messages}>
        <div className="deploy-layout" data-single={step === CONFIRM_STEP || undefined}>
          <form className="deploy-wizard" noValidate onSubmit={onFormSubmit} aria-labelledby="deploy-step-title">
            {atLimit && (
              <div className="deploy-alert" role="alert" data-rule="R1">
                {SERVICE_LIMIT_MESSAGE}
              </div>
            )}
            {alert && (
              <div className="deploy-alert" role="alert" data-testid="deploy-form-alert">
                <p>
                  <strong>{alert.title}</strong>
                </p>
                {alert.messages.length > 0 && (
                  <ul>
                    {alert.messages.map((m) => (
                      <li key={m}>{m}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            <ol className="deploy-steps" aria-label="Deploy steps">
              {WIZARD_STEPS.map((s, i) => (
                <li key={s.id} aria-current={i === step ? "step" : undefined} data-done={i < step || undefined}>
                  <span className="deploy-visually-hidden">Step </span>
                  {i + 1}. {s.title}
                </li>
              ))}
            </ol>
            <h2 id="deploy-step-title" ref={headingRef} tabIndex={-1}>
              {currentStep?.title}
              <span className="deploy-visually-hidden">
                {" "}
                (step {step + 1} of {STEP_COUNT})
              </span>
            </h2>

            {step === 0 && <BasicInfoStep nameFixed={modify !== undefined} />}
            {step === 1 && (
              <ResourcesStep poolField={modify ? <FixedPoolField /> : <ResourcePoolField />} websocketFixed={modify !== undefined} />
            )}
            {step === 2 && <DataCollectionStep />}
            {step === 3 &&
              (modify && modifyPreview ? (
                <ModifyConfirmationStep state={modifyPreview} revision={modify.revision} />
              ) : (
                <ConfirmationStep values={values} context={context} preview={preview} />
              ))}
            {step === CONFIRM_STEP && requestWideIssues.length > 0 && attempted.has(CONFIRM_STEP) && (
              <ul className="deploy-field-error">
                {requestWideIssues.map((i) => (
                  <li key={i.message}>{i.message}</li>
                ))}
              </ul>
            )}

            <div className="deploy-actions">
              {onCancel && (
                <button type="button" className="deploy-button-secondary" onClick={cancel}>
                  Cancel
                </button>
              )}
              {step > 0 && (
                <button type="button" className="deploy-button-secondary" onClick={back}>
                  Back
                </button>
              )}
              {/* Distinct keys: React flushes a click's state update before the browser's default
                  action, so a reused element would already be type="submit" and send the form. */}
              {step < CONFIRM_STEP ? (
                <button key="next" type="button" className="deploy-button-primary" onClick={next}>
                  Next
                </button>
              ) : (
                <button
                  key="submit"
                  type="submit"
                  className="deploy-button-primary"
                  disabled={submitHint !== null || isSubmitting}
                  aria-describedby={submitHint ? "deploy-submit-hint" : undefined}
                >
                  {isSubmitting ? "Submitting…" : modify ? "Apply changes" : "Submit"}
                </button>
              )}
              {submitHint && step === CONFIRM_STEP && (
                <p className="deploy-hint" id="deploy-submit-hint">
                  {submitHint}
                </p>
              )}
            </div>
          </form>
          <DiscardChangesDialog
            open={confirmingCancel}
            modify={modify !== undefined}
            onKeep={() => setConfirmingCancel(false)}
            onDiscard={() => {
              setConfirmingCancel(false);
              onCancel?.();
            }}
          />
          {/* The confirmation shows the quota and cost itself; a second copy beside it would repeat it. */}
          {step === CONFIRM_STEP ? null : modifyPreview ? <ModifyPreviewPanel state={modifyPreview} /> : <DeployPreviewPanel state={preview} />}
        </div>
      </FieldMessagesProvider>
    </FormProvider>
  );
}

