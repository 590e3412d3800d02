// Test helpers: render a page inside a memory router and a fresh query client, and answer fetch
// calls from a small table of handlers (recording every call).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider, type RouteObject } from "react-router";
import { vi } from "vitest";

export function createTestQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 0 }, mutations: { retry: false } } });
}

export function renderRoutes(routes: RouteObject[], initialEntry: string, queryClient = createTestQueryClient()) {
  const router = createMemoryRouter(routes, { initialEntries: [initialEntry] });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, router, queryClient };
}

export function renderPage(element: ReactElement, options: { path?: string; url?: string; extraRoutes?: RouteObject[] } = {}) {
  const path = options.path ?? "/";
  return renderRoutes([{ path, element }, ...(options.extraRoutes ?? [])], options.url ?? path);
}

export interface MockResponse {
  status?: number;
  body?: unknown;
}
export type Handler = (request: { url: URL; method: string; body: unknown }) => MockResponse | Promise<MockResponse>;

/** Stubs global fetch. Keys are "METHOD /path" (query string ignored). Unknown calls answer 404. */
export function mockFetch(handlers: Record<string, Handler | MockResponse>) {
  const calls: { method: string; url: URL; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, "http://localhost");
    const method = (init?.method ?? "GET").toUpperCase();
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    calls.push({ method, url, body });
    const entry = handlers[`${method} ${url.pathname}`];
    const answer = typeof entry === "function" ? await entry({ url, method, body }) : (entry ?? { status: 404, body: { type: "about:blank", title: "Not found.", status: 404, detail: `No mock for ${method} ${url.pathname}` } });
    const status = answer.status ?? 200;
    const isProblem = status >= 400;
    return new Response(status === 204 || answer.body === undefined ? null : JSON.stringify(answer.body), {
      status,
      headers: { "content-type": isProblem ? "application/problem+json" : "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { fetchMock, calls };
}

/** A controllable EventSource stand-in. */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, Set<(event: MessageEvent) => void>>();

  constructor(url: string | URL) {
    this.url = String(url);
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }
  removeEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.get(type)?.delete(listener);
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  emit(type: string, data: unknown) {
    const event = new MessageEvent(type, { data: JSON.stringify(data) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  fail() {
    this.onerror?.(new Event("error"));
  }
  static latest(): FakeEventSource | undefined {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1];
  }
}
