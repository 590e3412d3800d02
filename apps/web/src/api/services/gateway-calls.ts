import { openInferenceInferUrl, type ServiceConfiguration } from "@rts/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "../query-keys.ts";

/** What the inference gateway answered to one call, as the prediction test panel shows it. */
export interface PredictionResult {
  status: number;
  ok: boolean;
  /** `X-Model-Version`: which version answered (null when the gateway did not say). */
  modelVersion: string | null;
  retryAfter: string | null;
  latencyMs: number;
  contentType: string | null;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  isJson: boolean;
}

/** The service's gateway URL: where the JSON contract is called, and the base URL of its OIP v2 routes. */
export function inferenceUrl(serviceId: string, origin: string = window.location.origin): string {
  return `${origin}/v1/infers/${encodeURIComponent(serviceId)}`;
}

type CalledVersion = Pick<ServiceConfiguration, "protocol" | "applicationName" | "version">;

/**
 * Where the prediction test sends a call for this version: the JSON contract's URL (the gateway
 * picks the version by traffic ratio), or its OIP infer URL pinned to the version.
 */
export function predictionUrl(serviceId: string, version: CalledVersion | undefined, origin: string = window.location.origin): string {
  const base = inferenceUrl(serviceId, origin);
  return version?.protocol === "oip-v2" ? openInferenceInferUrl(base, version.applicationName, version.version) : base;
}

export function inferenceWebSocketUrl(serviceId: string, location: Pick<Location, "protocol" | "host"> = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/v1/infers/${encodeURIComponent(serviceId)}`;
}

/**
 * Calls the gateway from the console with the session cookie. Every answer, an error included, is
 * a result to show (status, body, version), not a thrown error; only a network failure throws.
 */
export async function sendPrediction(url: string, body: string): Promise<PredictionResult> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json, application/problem+json" },
    body,
  });
  const text = await response.text();
  const latencyMs = Math.round(performance.now() - started);
  let parsed: unknown = text;
  let isJson = false;
  if (text) {
    try {
      parsed = JSON.parse(text);
      isJson = true;
    } catch {
      // Not JSON: show the text as it came.
    }
  }
  return {
    status: response.status,
    ok: response.ok,
    modelVersion: response.headers.get("x-model-version"),
    retryAfter: response.headers.get("retry-after"),
    latencyMs,
    contentType: response.headers.get("content-type"),
    body: parsed,
    isJson,
  };
}

export function useSendPrediction(serviceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, body }: { version: CalledVersion | undefined; body: string }) => sendPrediction(predictionUrl(serviceId, version), body),
    // A call shows up in the metrics and, if collected, the samples.
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: [...queryKeys.services.detail(serviceId), "metrics"] });
      await queryClient.invalidateQueries({ queryKey: [...queryKeys.services.detail(serviceId), "samples"] });
    },
  });
}
