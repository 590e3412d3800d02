import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, renderRoutes } from "../../testing/test-utils.tsx";
import { Component as AppLayout } from "../app-layout.tsx";

function renderLayout(url: string) {
  return renderRoutes(
    [
      { path: "/login", element: <h1>Login</h1> },
      { path: "/", element: <AppLayout />, children: [{ path: "services", element: <h1>Services</h1> }, { path: "quota", element: <h1>Quota page</h1> }] },
    ],
    url,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("App layout", () => {
  it("redirects to /login when me answers 401", async () => {
    mockFetch({ "GET /api/v1/auth/me": { status: 401, body: { type: "x", title: "Authentication required.", status: 401, detail: "Sign in." } } });
    const { router } = renderLayout("/quota");
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(router.state.location.search).toBe("?redirect=%2Fquota");
  });

  it("shows the navigation, the user and a main landmark with a skip link", async () => {
    mockFetch({ "GET /api/v1/auth/me": { body: { id: "u1", username: "alice", displayName: "Alice" } } });
    renderLayout("/services");
    const nav = await screen.findByRole("navigation", { name: "Console" });
    expect(within(nav).getByText("Service Deployment")).toBeInTheDocument();
    expect(within(nav).getByRole("link", { name: "Real-Time Services", current: "page" })).toBeInTheDocument();
    for (const name of ["AI Applications", "Dedicated Resource Pools", "Quota", "API Tokens"]) {
      expect(within(nav).getByRole("link", { name })).toBeInTheDocument();
    }
    expect(screen.getByText("Alice")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.getByRole("main")).toContainElement(screen.getByRole("heading", { name: "Services" }));
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main");
  });
});
