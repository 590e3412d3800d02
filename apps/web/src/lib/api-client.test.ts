import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError } from "../components/ui/error-state/error-state.tsx";
import { apiRequest, NETWORK_FAILURE_MESSAGE, NetworkError } from "./api-client.ts";

afterEach(() => vi.unstubAllGlobals());

describe("apiRequest", () => {
  it("turns a request that got no answer into a message a person can act on, not the browser's 'Failed to fetch'", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const failure = apiRequest("/api/v1/services").catch((error: unknown) => error);
    await expect(failure).resolves.toBeInstanceOf(NetworkError);
    const error = await failure;
    expect(describeError(error)).toEqual({ title: NETWORK_FAILURE_MESSAGE, detail: NETWORK_FAILURE_MESSAGE });
    expect(NETWORK_FAILURE_MESSAGE).toBe("Can't reach the server. Check your connection and try again.");
  });

  it("keeps a cancelled request a cancellation", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new DOMException("The operation was aborted.", "AbortError"))));
    await expect(apiRequest("/api/v1/services")).rejects.toMatchObject({ name: "AbortError" });
  });

  it("says so when a proxy answers an error page instead of a problem document", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" })));
    await expect(apiRequest("/api/v1/services")).rejects.toMatchObject({ name: "ApiProblem", status: 502 });
  });
});
