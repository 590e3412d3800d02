import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { curlCommand, openInferenceCurlCommand, webSocketScript, type MeteringSummary, type ServiceDetail } from "@rts/contracts";
import { EXACT_METERING_NOTE } from "../components/metering-panel.tsx";
import { Component } from "../service-details-page.tsx";
import { metricsFixture } from "../../../testing/msw/metrics-fixtures.ts";
import { OIP_TENSOR_REQUEST, SERVICE_ID, SUPPORT_INTENT_SCHEMA, serviceDetail, serviceWithOipVersion } from "./service-detail-fixture.ts";

type Handler = (request: { url: string; method: string; body: string | null }) => Response | Promise<Response>;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const contentType = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(JSON.stringify(body), { status, headers: { "content-type": contentType, ...headers } });
}

let routes: Array<[string, string, Handler]>;
let fetchMock: ReturnType<typeof vi.fn>;

function serve(method: string, path: string, handler: Handler) {
  routes.unshift([method, path, handler]);
}

function serveService(service: ServiceDetail) {
  serve("GET", `/api/v1/services/${service.id}`, () => json(service));
}

function renderPage(path = `/services/${SERVICE_ID}`) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path: "/services/:serviceId", Component },
      { path: "/services", element: <h1>Real-Time Services</h1> },
      { path: "/tokens", element: <h1>API tokens</h1> },
    ],
    { initialEntries: [path] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { router, queryClient };
}

beforeEach(() => {
  routes = [];
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const method = init?.method ?? "GET";
    const match = routes.find(([m, p]) => m === method && p === url.pathname);
    if (!match) return json({ type: "about:blank", title: "Not Found", status: 404, detail: `No stub for ${method} ${url.pathname}` }, 404);
    return match[2]({ url: url.pathname + url.search, method, body: typeof init?.body === "string" ? init.body : null });
  });
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  // The web project does not enable vitest globals, so testing-library cannot clean up by itself.
  cleanup();
  vi.unstubAllGlobals();
});

describe("service details", () => {
  it("renders the configuration and, on its tab, the instances", async () => {
    serveService(serviceDetail());
    const user = userEvent.setup();
    renderPage();

    expect(await screen.findByRole("heading", { level: 1, name: "invoice-classifier" })).toBeInTheDocument();
    const overview = screen.getByRole("tabpanel");
    expect(within(overview).getByRole("heading", { name: "support-intent 1.0.0" })).toBeInTheDocument();
    expect(within(overview).getByText("70%")).toBeInTheDocument();
    expect(within(overview).getByText("30%")).toBeInTheDocument();
    expect(within(overview).getAllByText("CPU 2 vCPU | 8 GiB")).toHaveLength(2);
    expect(within(overview).getByText("10 requests per second")).toBeInTheDocument();
    expect(within(overview).getByText("On: 50% of calls kept 7 days")).toBeInTheDocument();
    // The API never answers env var values (R8); the page lists the names and says why.
    expect(within(overview).getByText("LOG_LEVEL")).toBeInTheDocument();
    expect(within(overview).getByLabelText("LOG_LEVEL value hidden")).toBeInTheDocument();
    expect(within(overview).getByText(/values are encrypted and only your instances can read them/)).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "Instances" }));
    const table = within(screen.getByRole("tabpanel")).getByRole("table");
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText("support-intent 1.0.0")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Healthy")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("41001")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("model server listening on 41001")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("Unhealthy")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("3")).toBeInTheDocument();
  });

  it("moves between tabs with the arrow keys", async () => {
    serveService(serviceDetail());
    const user = userEvent.setup();
    renderPage();
    const first = await screen.findByRole("tab", { name: "Overview & configuration" });
    expect(first).toHaveAttribute("aria-selected", "true");
    first.focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Instances" })).toHaveFocus();
    expect(screen.getByRole("tab", { name: "Instances" })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowLeft}{ArrowLeft}");
    expect(screen.getByRole("tab", { name: "Metering" })).toHaveAttribute("aria-selected", "true");
  });

  it("shows the Failed reason in full", async () => {
    const reason =
      "Instance 1 of support-intent 1.0.0 failed its health check GET /health (connection refused) after 20 minutes; last output: ModuleNotFoundError: No module named 'torch'";
    serveService(serviceDetail({ state: "Failed", stateReason: reason, instances: [] }));
    renderPage();
    expect(await screen.findByText(reason)).toBeInTheDocument();
    expect(screen.getByText("Failed")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Start" })).toBeEnabled();
    expect(screen.getByRole("button", { name: "Stop" })).toBeDisabled();
  });

  it("disables Stop and Start while Deploying, keeps Delete, and polls every 3 s", async () => {
    let calls = 0;
    serve("GET", `/api/v1/services/${SERVICE_ID}`, () => {
      calls += 1;
      return json(serviceDetail({ state: "Deploying", instances: [] }));
    });
    renderPage();
    expect(await screen.findByRole("button", { name: "Stop" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Start" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Delete" })).toBeEnabled();
    await waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 4_500 });
  });

  it("stops a running service after confirmation and refreshes it", async () => {
    let state: ServiceDetail["state"] = "Running";
    serve("GET", `/api/v1/services/${SERVICE_ID}`, () => json(serviceDetail({ state })));
    serve("POST", `/api/v1/services/${SERVICE_ID}/stop`, () => {
      state = "Stopping";
      return json({ id: SERVICE_ID, state }, 202);
    });
    const user = userEvent.setup();
    renderPage();
    await user.click(await screen.findByRole("button", { name: "Stop" }));
    // Stop asks first; nothing is sent until it is confirmed.
    const dialog = screen.getByRole("dialog", { name: "Stop invoice-classifier?" });
    expect(within(dialog).getByRole("button", { name: "Keep running" })).toHaveFocus();
    await user.click(within(dialog).getByRole("button", { name: "Stop service" }));
    expect(await screen.findByText("Stopping")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Stop" })).toBeDisabled();
  });

  it("asks before deleting and returns to the list", async () => {
    serveService(serviceDetail());
    const remove = vi.fn(() => new Response(null, { status: 202 }));
    serve("DELETE", `/api/v1/services/${SERVICE_ID}`, remove);
    const user = userEvent.setup();
    const { router } = renderPage();
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("dialog", { name: "Delete invoice-classifier?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(remove).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole("button", { name: "Delete service" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/services"));
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it("says the service is not found or not yours on 404", async () => {
    renderPage();
    expect(await screen.findByRole("heading", { name: "Service not found or not yours" })).toBeInTheDocument();
  });

  it("lists events newest first", async () => {
    serveService(serviceDetail());
    renderPage(`/services/${SERVICE_ID}?tab=events`);
    const items = within(await screen.findByRole("list", { name: "Events, newest first" })).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Deploying → Running");
    expect(items[0]).toHaveTextContent("All 3 instances healthy");
    expect(items[1]).toHaveTextContent("— → Deploying");
  });
});

describe("usage guide", () => {
  it("shows a curl example with the service URL and creates a token shown once", async () => {
    serveService(serviceDetail());
    serve("POST", "/api/v1/tokens", ({ body }) =>
      json({ ...JSON.parse(body ?? "{}"), id: "t1", prefix: "rts_abcd", token: "rts_abcd_full_secret", createdAt: "", expiresAt: null, lastUsedAt: null, revokedAt: null }, 201),
    );
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=usage`);
    const url = `${window.location.origin}/v1/infers/${SERVICE_ID}`;
    const curl = await screen.findByText((_, element) => element?.tagName === "CODE" && element.textContent?.startsWith("curl ") === true);
    // The command the API's documented-call test runs, from the busiest version's example (1.0.0 takes 70%).
    expect(curl.textContent).toBe(curlCommand(url, { text: "My invoice is wrong" }));
    expect(curl.textContent).toContain('-H "Authorization: Bearer $TOKEN"');
    expect(screen.getByRole("button", { name: "Copy curl example" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "API tokens" })).toHaveAttribute("href", "/tokens");

    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(await screen.findByText("export TOKEN=rts_abcd_full_secret")).toBeInTheDocument();
    expect(screen.getByText(/shown only this once/)).toBeInTheDocument();
  });

  it("builds the curl from the chosen version's example and shows its input schema", async () => {
    serveService(serviceDetail());
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=usage`);
    const url = `${window.location.origin}/v1/infers/${SERVICE_ID}`;
    const schema = await screen.findByText((_, element) => element?.tagName === "CODE" && element.textContent?.startsWith('{\n  "type"') === true);
    expect(JSON.parse(schema.textContent ?? "")).toEqual(SUPPORT_INTENT_SCHEMA);
    expect(screen.getByRole("button", { name: "Copy input schema" })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    const curl = screen.getByText((_, element) => element?.tagName === "CODE" && element.textContent?.startsWith("curl ") === true);
    expect(curl.textContent).toBe(curlCommand(url, { text: "My invoice is wrong", language: "en" }));
  });

  it("gives the OIP base URL and infer URL, and the OIP curl for a version that speaks OIP v2", async () => {
    serveService(serviceWithOipVersion());
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=usage`);
    const url = `${window.location.origin}/v1/infers/${SERVICE_ID}`;
    expect(await screen.findByText(/Version 2\.0\.0 speaks the Open Inference Protocol v2/)).toBeInTheDocument();
    expect(screen.getByText(`${url}/v2/models/support-intent/infer`)).toBeInTheDocument();
    const curlOf = () => screen.getByText((_, element) => element?.tagName === "CODE" && element.textContent?.startsWith("curl ") === true);
    expect(curlOf().textContent).toBe(curlCommand(url, { text: "My invoice is wrong" }));

    await user.selectOptions(screen.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    expect(curlOf().textContent).toBe(openInferenceCurlCommand(url, "support-intent", OIP_TENSOR_REQUEST));
    expect(screen.getByText(/takes an OIP v2 inference request/)).toBeInTheDocument();
  });

  it("says when a version declares no input schema and starts from {} without an example", async () => {
    const bare = serviceDetail();
    bare.configurations = [{ ...bare.configurations[0]!, exampleRequest: null, inputSchema: null }];
    serveService(bare);
    renderPage(`/services/${SERVICE_ID}?tab=usage`);
    expect(await screen.findByText(/Version 1\.0\.0 declares no input schema/)).toBeInTheDocument();
    expect(screen.queryByLabelText("Example of version")).not.toBeInTheDocument();
    expect(screen.getByText((_, element) => element?.tagName === "CODE" && element.textContent?.includes("-d '{}'") === true)).toBeInTheDocument();
  });

  it("gives a WebSocket example for WebSocket services", async () => {
    serveService(serviceDetail({ websocket: true, trafficLimit: null, dataCollection: { enabled: false } }));
    renderPage(`/services/${SERVICE_ID}?tab=usage`);
    const wsUrl = `ws://${window.location.host}/v1/infers/${SERVICE_ID}`;
    expect(await screen.findByText(wsUrl)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Copy websocket example" })).toBeInTheDocument();
    const script = screen.getByText((_, element) => element?.tagName === "CODE" && element.textContent?.startsWith("const socket") === true);
    expect(script.textContent).toBe(webSocketScript(wsUrl, { text: "My invoice is wrong" }));
  });
});

describe("prediction test", () => {
  it("sends the JSON and shows the answer, the version that answered and the latency", async () => {
    serveService(serviceDetail());
    const infer = vi.fn((request: { body: string | null }) => {
      expect(JSON.parse(request.body ?? "")).toEqual({ text: "My invoice is wrong" });
      return json({ label: "billing", score: 0.93 }, 200, { "x-model-version": "2.0.0" });
    });
    serve("POST", `/v1/infers/${SERVICE_ID}`, infer);
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);

    const field = await screen.findByLabelText("Request body (JSON)");
    expect(field).toHaveValue('{\n  "text": "My invoice is wrong"\n}');
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Starts from the example request of version 1.0.0."));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByTestId("model-version")).toHaveTextContent("2.0.0");
    expect(infer).toHaveBeenCalledTimes(1);
    expect(screen.getByText("200")).toBeInTheDocument();
    expect(screen.getByText(/\d+ ms/)).toBeInTheDocument();
    expect(screen.getByLabelText("Response body")).toHaveTextContent('"label": "billing"');
  });

  it("sends an OIP version's tensors to its pinned OIP infer URL and shows the output tensors", async () => {
    serveService(serviceWithOipVersion());
    const infer = vi.fn((request: { body: string | null }) => {
      expect(JSON.parse(request.body ?? "")).toEqual(OIP_TENSOR_REQUEST);
      return json({ model_name: "support-intent", model_version: "2.0.0", outputs: [{ name: "label", datatype: "INT64", shape: [1], data: [2] }] }, 200, {
        "x-model-version": "2.0.0",
      });
    });
    serve("POST", `/v1/infers/${SERVICE_ID}/v2/models/support-intent/versions/2.0.0/infer`, infer);
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);

    await screen.findByLabelText("Request body (JSON)");
    await user.selectOptions(screen.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    const field = screen.getByLabelText("Inference request (Open Inference Protocol v2, JSON)");
    expect(JSON.parse((field as HTMLTextAreaElement).value)).toEqual(OIP_TENSOR_REQUEST);
    expect(field).toHaveAccessibleDescription(expect.stringContaining("to version 2.0.0 only"));
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(await screen.findByTestId("model-version")).toHaveTextContent("2.0.0");
    expect(infer).toHaveBeenCalledTimes(1);
    expect(screen.getByLabelText("Response body")).toHaveTextContent('"model_version": "2.0.0"');
  });

  it("starts over from the example of the version picked", async () => {
    serveService(serviceDetail());
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);
    const field = await screen.findByLabelText("Request body (JSON)");
    await user.clear(field);
    await user.type(field, "{{}");
    await user.selectOptions(screen.getByLabelText("Example of version"), "2.0.0 (30% of calls)");
    expect(JSON.parse((field as HTMLTextAreaElement).value)).toEqual({ text: "My invoice is wrong", language: "en" });
    expect(field).toHaveAccessibleDescription(expect.stringContaining("version 2.0.0"));
  });

  it("shows the problem when the service is not running", async () => {
    serveService(serviceDetail());
    serve("POST", `/v1/infers/${SERVICE_ID}`, () =>
      json({ type: "about:blank", title: "Service not running", status: 503, detail: "The service is Stopped." }, 503, { "retry-after": "5" }),
    );
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);
    await user.click(await screen.findByRole("button", { name: "Send" }));
    expect(await screen.findByText("503")).toBeInTheDocument();
    expect(screen.getByText("Service not running: The service is Stopped.")).toBeInTheDocument();
    expect(screen.getByText("5 s")).toBeInTheDocument();
  });

  it("shows invalid JSON as an error on the field and sends nothing", async () => {
    serveService(serviceDetail());
    const infer = vi.fn(() => json({}));
    serve("POST", `/v1/infers/${SERVICE_ID}`, infer);
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);

    const field = await screen.findByLabelText("Request body (JSON)");
    await user.clear(field);
    await user.type(field, "{{not json");
    await user.click(screen.getByRole("button", { name: "Send" }));

    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription(expect.stringContaining("Not valid JSON"));
    expect(infer).not.toHaveBeenCalled();
  });
});

describe("monitoring, collected data and metering", () => {
  it("shows an empty state when metrics are not available", async () => {
    serveService(serviceDetail());
    renderPage(`/services/${SERVICE_ID}?tab=monitoring`);
    expect(await screen.findByText("No metrics are available for this service yet.")).toBeInTheDocument();
  });

  it("shows metric totals and the split by version as text, for the range in the URL", async () => {
    serveService(serviceDetail());
    const asked: string[] = [];
    serve("GET", `/api/v1/services/${SERVICE_ID}/metrics`, ({ url }) => {
      asked.push(url);
      return json(
        metricsFixture("6h", [
          { versionId: "v1-id", application: "support-intent", version: "1.0.0", trafficRatio: 70, calls: (n) => (n < 4 ? { calls: 9, errors: 0, p95Ms: 30 } : { calls: 0, errors: 0, p95Ms: null }) },
          { versionId: "v2-id", application: "support-intent", version: "2.0.0", trafficRatio: 30, calls: (n) => (n < 2 ? { calls: 2, errors: 1, p95Ms: 90 } : { calls: 0, errors: 0, p95Ms: null }) },
        ]),
      );
    });
    renderPage(`/services/${SERVICE_ID}?tab=monitoring&range=6h`);
    const table = await screen.findByRole("table", { name: "By version, last 6 hours" }, { timeout: 3000 });
    expect(asked).toEqual([`/api/v1/services/${SERVICE_ID}/metrics?range=6h`]);
    expect(screen.getByLabelText("Time range")).toHaveValue("6h");
    expect(within(table).getByRole("row", { name: /^support-intent 1\.0\.0/ })).toHaveTextContent(/70%\s*36\s*0 \(0\.0%\)/);
    expect(within(table).getByRole("row", { name: /^support-intent 2\.0\.0/ })).toHaveTextContent(/30%\s*4\s*2 \(50\.0%\)/);
    expect(screen.getByText("2 (5.0%)")).toBeInTheDocument();
  });

  it("says when the window had no calls", async () => {
    serveService(serviceDetail());
    serve("GET", `/api/v1/services/${SERVICE_ID}/metrics`, () => json(metricsFixture("1h", [])));
    renderPage(`/services/${SERVICE_ID}?tab=monitoring`);
    // A busy machine may take longer than the default second to render the whole page.
    expect(await screen.findByText("No calls in this window. Send one from the Prediction test tab.", {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it("says data collection is off", async () => {
    serveService(serviceDetail({ dataCollection: { enabled: false } }));
    renderPage(`/services/${SERVICE_ID}?tab=collected-data`);
    expect(await screen.findByText("Data collection is off for this service.")).toBeInTheDocument();
  });

  it("lists collected samples a page at a time, newest first, and shows older ones on demand", async () => {
    serveService(serviceDetail());
    const sample = (id: string, latencyMs: number) => ({
      id, at: "2025-05-01T10:05:00.000Z", versionId: "v2-id", version: "2.0.0", statusCode: 200, latencyMs, request: { text: "hi" }, response: { label: "other" }, expiresAt: "",
    });
    const asked: string[] = [];
    serve("GET", `/api/v1/services/${SERVICE_ID}/samples`, ({ url }) => {
      asked.push(url);
      return url.includes("cursor=page-2")
        ? json({ dataCollectionEnabled: true, items: [sample("s2", 23)], nextCursor: null })
        : json({ dataCollectionEnabled: true, items: [sample("s1", 17)], nextCursor: "page-2" });
    });
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=collected-data`);
    expect(await screen.findByText("17 ms")).toBeInTheDocument();
    expect(screen.getByText("2.0.0")).toBeInTheDocument();
    expect(asked[0]).toContain("limit=20");
    await user.click(screen.getByRole("button", { name: "Show older calls" }));
    expect(await screen.findByText("23 ms")).toBeInTheDocument();
    expect(asked.at(-1)).toContain("cursor=page-2");
    expect(screen.queryByRole("button", { name: "Show older calls" })).not.toBeInTheDocument();
  });

  it("R13 shows metering records and the exact total, rounded to the cent once; a sub-cent record as < $0.01", async () => {
    serveService(serviceDetail());
    const hour = { seconds: 3600, milliseconds: 3_600_000 };
    const summary: MeteringSummary = {
      from: null,
      to: null,
      totalCents: 12345,
      totalMicroCents: 12_345_200_000,
      services: [],
      pools: [],
      records: [
        { id: "m2", subject: "service", serviceId: SERVICE_ID, serviceName: "invoice-classifier", poolId: null, flavorId: "cpu-2", units: 1, periodStart: "2025-05-01T11:00:00.000Z", periodEnd: "2025-05-01T11:01:00.000Z", seconds: 60, milliseconds: 60_000, unitMilliseconds: 60_000, pricePerHourCents: 12, amountCents: 0, amountMicroCents: 200_000 },
        { id: "m1", subject: "service", serviceId: SERVICE_ID, serviceName: "invoice-classifier", poolId: null, flavorId: "cpu-2", units: 3, periodStart: "2025-05-01T10:00:00.000Z", periodEnd: "2025-05-01T11:00:00.000Z", ...hour, unitMilliseconds: 3 * hour.milliseconds, pricePerHourCents: 4115, amountCents: 12345, amountMicroCents: 12_345_000_000 },
      ],
    };
    serve("GET", `/api/v1/services/${SERVICE_ID}/metering`, () => json(summary));
    renderPage(`/services/${SERVICE_ID}?tab=metering`);
    expect(await screen.findAllByText("$123.45")).toHaveLength(2);
    expect(screen.getByText("< $0.01")).toBeInTheDocument();
    expect(screen.getByText("1 h 0 min")).toBeInTheDocument();
    expect(screen.getByText(EXACT_METERING_NOTE)).toBeInTheDocument();
  });
});

describe("WebSocket prediction test", () => {
  class FakeSocket {
    static OPEN = 1;
    static last: FakeSocket | null = null;
    readyState = 0;
    sent: string[] = [];
    onopen: (() => void) | null = null;
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: (() => void) | null = null;
    onclose: ((event: { code: number; reason: string }) => void) | null = null;
    constructor(readonly url: string) {
      FakeSocket.last = this;
      queueMicrotask(() => {
        this.readyState = 1;
        this.onopen?.();
      });
    }
    send(data: string) {
      this.sent.push(data);
      queueMicrotask(() => {
        this.onmessage?.({ data: JSON.stringify({ type: "token", word: "invoice", score: 0.4 }) });
        this.onmessage?.({ data: JSON.stringify({ type: "done", version: "1.0.0", label: "billing", score: 0.9 }) });
      });
    }
    close() {
      this.readyState = 3;
      this.onclose?.({ code: 1000, reason: "" });
    }
  }

  it("connects, sends text and lists the streamed messages", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    serveService(serviceDetail({ websocket: true, trafficLimit: null, dataCollection: { enabled: false } }));
    const user = userEvent.setup();
    renderPage(`/services/${SERVICE_ID}?tab=prediction`);

    await user.click(await screen.findByRole("button", { name: "Connect" }));
    expect(await screen.findByText("Connected", { selector: "strong" })).toBeInTheDocument();
    expect(FakeSocket.last?.url).toBe(`ws://${window.location.host}/v1/infers/${SERVICE_ID}`);

    expect(screen.getByLabelText("Message (JSON)")).toHaveValue('{\n  "text": "My invoice is wrong"\n}');
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(FakeSocket.last?.sent).toEqual([JSON.stringify({ text: "My invoice is wrong" })]);
    const log = screen.getByRole("log", { name: "WebSocket messages" });
    expect(await within(log).findByText(/token “invoice”/)).toBeInTheDocument();
    expect(within(log).getByText(/done: label billing, score 0.9, version 1.0.0/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Disconnect" }));
    expect(await screen.findByText("Disconnected", { selector: "strong" })).toBeInTheDocument();
  });
});
