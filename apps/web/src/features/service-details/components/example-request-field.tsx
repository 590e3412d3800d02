// The JSON a test panel sends, starting from the chosen version's example request: the version
// picker, the labelled field with its hint and error, and the state behind them. The HTTP and the
// WebSocket panels differ only in what they do with the checked text.
import { exampleRequestText, type ServiceDetail } from "@rts/contracts";
import { useId, useState } from "react";
import { ExampleVersionSelect, useExampleConfiguration } from "./example-version-select.tsx";
import { exampleOrigin, jsonError } from "./request-examples.ts";

export function useExampleRequest(service: ServiceDetail) {
  const [configuration, setConfigurationId] = useExampleConfiguration(service);
  const [text, setText] = useState(() => exampleRequestText(configuration?.exampleRequest ?? null));
  const [error, setError] = useState<string | null>(null);

  function startFrom(configurationId: string) {
    setConfigurationId(configurationId);
    const chosen = service.configurations.find((c) => c.id === configurationId);
    setText(exampleRequestText(chosen?.exampleRequest ?? null));
    setError(null);
  }

  function edit(value: string) {
    setText(value);
    if (error) setError(null);
  }

  /** The JSON to send, or null after showing what is wrong with it. */
  function checked(): string | null {
    const problem = jsonError(text);
    setError(problem);
    return problem ? null : text;
  }

  return { service, configuration, text, error, startFrom, edit, checked };
}

export function ExampleRequestField({
  request,
  label,
  rows,
  hint,
}: {
  request: ReturnType<typeof useExampleRequest>;
  label: string;
  rows: number;
  hint: string;
}) {
  const fieldId = useId();
  const errorId = useId();
  return (
    <>
      <ExampleVersionSelect service={request.service} value={request.configuration} onChange={request.startFrom} />
      <label htmlFor={fieldId}>{label}</label>
      <textarea
        id={fieldId}
        value={request.text}
        rows={rows}
        spellCheck={false}
        onChange={(event) => request.edit(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
        }}
        aria-invalid={request.error ? true : undefined}
        aria-describedby={`${errorId}-hint ${errorId}`}
      />
      <p id={`${errorId}-hint`} className="sd-muted">
        {exampleOrigin(request.configuration)} {hint}
      </p>
      <p id={errorId} className="sd-field-error" role="alert">
        {request.error ?? ""}
      </p>
    </>
  );
}
