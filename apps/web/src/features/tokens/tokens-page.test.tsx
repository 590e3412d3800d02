import type { Token } from "@rts/contracts";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationQueue } from "../../components/ui/toast/notifications.ts";
import { mockFetch, renderPage } from "../../testing/test-utils.tsx";
import { Component as TokensPage } from "./tokens-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const HOUR = 3_600_000;
const token = (overrides: Partial<Token> = {}): Token => ({
  id: "tok-1",
  name: "batch-scoring",
  prefix: "rts_ab12",
  createdAt: new Date(Date.now() - 3 * HOUR).toISOString(),
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
});
const messages = () => notificationQueue.visibleToasts.map((toast) => toast.content.message);

describe("API tokens page", () => {
  it("lists tokens with their status and relative times, creates one with a copy button and revokes one, each with a notification", async () => {
    let items = [token(), token({ id: "tok-2", name: "old-job", revokedAt: new Date(Date.now() - 2 * 24 * HOUR).toISOString() })];
    mockFetch({
      "GET /api/v1/tokens": () => ({ body: { items } }),
      "POST /api/v1/tokens": ({ body }) => {
        const created = { ...token({ id: "tok-3", name: (body as { name: string }).name }), token: "rts_cd34secret" };
        items = [created, ...items];
        return { status: 201, body: created };
      },
      "DELETE /api/v1/tokens/tok-1": () => ({ body: token({ revokedAt: new Date().toISOString() }) }),
    });
    const user = userEvent.setup();
    renderPage(<TokensPage />, { path: "/tokens" });
    const active = (await screen.findByRole("rowheader", { name: "batch-scoring" })).closest("tr")!;
    expect(within(active).getByText("Active")).toBeInTheDocument();
    expect(within(active).getByText("3 hours ago")).toBeInTheDocument();
    expect(within(active).getAllByText("Never")).toHaveLength(2);
    const revoked = screen.getByRole("rowheader", { name: "old-job" }).closest("tr")!;
    expect(within(revoked).getByText("Revoked")).toBeInTheDocument();
    expect(within(revoked).getByText("2 days ago")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Name"), "nightly");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect(await screen.findByRole("button", { name: "Copy token" })).toBeInTheDocument();
    expect(screen.getByText("rts_cd34secret")).toBeInTheDocument();
    await waitFor(() => expect(messages()).toEqual(["Token created: nightly"]));

    await user.click(screen.getByRole("button", { name: "Revoke batch-scoring" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Revoke" }));
    await waitFor(() => expect(messages()).toEqual(["Token revoked: batch-scoring", "Token created: nightly"]));
  }, 20_000);
});
