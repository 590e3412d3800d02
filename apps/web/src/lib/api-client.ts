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

export const NETWORK_FAILURE_MESSAGE = "Can't reach the server. Check your connection and try again.";

/** The request never got an answer (offline, server down, connection cut), said in words a person can act on. */
export class NetworkError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(NETWORK_FAILURE_MESSAGE, options);
    this.name = "NetworkError";
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function apiRequest<T>(url: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
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
  } catch (error) {
    // fetch rejects only when no answer came ("Failed to fetch", "NetworkError when attempting to
    // fetch resource", "Load failed", by browser); a cancelled request stays a cancellation.
    if (isAbort(error)) throw error;
    throw new NetworkError({ cause: error });
  }
  return readAnswer<T>(url, response.status, response.statusText, await response.text());
}

/** An answer's body as T, or its problem+json as an ApiProblem; shared with uploads, which use XMLHttpRequest. */
export function readAnswer<T>(url: string, status: number, statusText: string, text: string): T {
  if (status === 204) return undefined as T;
  const data = parseJson(text);
  if (status < 200 || status > 299) {
    const problem =
      data && typeof data === "object" && "status" in data
        ? (data as Problem)
        : { type: "about:blank", title: statusText || "Request failed", status, detail: text || "The server did not say why." };
    throw new ApiProblem(problem);
  }
  if (text && data === undefined) throw new Error(`The server answered ${url} with something that is not JSON.`);
  return data as T;
}
