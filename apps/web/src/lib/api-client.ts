// The one way the console talks to the API: same-origin fetch with the session cookie, JSON in and
// out, and RFC 9457 problems turned into ApiProblem errors that carry the field errors.
import type { Problem } from "@rts/contracts";

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiProblem";
  }

  get status(): number {
    return this.problem.status;
  }

  /** Field errors by dotted path ("configurations.0.trafficRatio"), for showing next to inputs. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) out[error.path] ??= error.message;
    return out;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiRequest<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const response = await fetch(url, {
    method: options.method ?? "GET",
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem =
      data && typeof data === "object" && "status" in data
        ? (data as Problem)
        : { type: "about:blank", title: response.statusText || "Request failed", status: response.status, detail: text || "The server did not say why." };
    throw new ApiProblem(problem);
  }
  return data as T;
}
