import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, renderRoutes } from "../../testing/test-utils.tsx";
import { Component as AppLayout } from "../app-layout.tsx";
import { RouteError } from "../route-error.tsx";
import { consoleRoutes } from "../routes.tsx";

const ALICE = { body: { id: "u1", username: "alice", displayName: "Alice" } };

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
  vi.restoreAllMocks();
});

describe("App layout", () => {
  it("redirects to /login when me answers 401", async () => {
    mockFetch({ "GET /api/v1/auth/me": { status: 401, body: { type: "x", title: "Authentication required.", status: 401, detail: "Sign in." } } });
    const { router } = renderLayout("/quota");
    await waitFor(() => expect(router.state.location.pathname).toBe("/login"));
    expect(router.state.location.search).toBe("?redirect=%2Fquota");
  });

  it("shows the navigation, the user and a main landmark with a skip link", async () => {
    mockFetch({ "GET /api/v1/auth/me": ALICE });
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

  it("folds the navigation behind a Menu button that Escape and navigating close", async () => {
    const user = userEvent.setup();
    mockFetch({ "GET /api/v1/auth/me": ALICE });
    const { router } = renderLayout("/services");
    const nav = await screen.findByRole("navigation", { name: "Console" });
    const menu = within(nav).getByRole("button", { name: "Menu" });
    expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(document.getElementById(menu.getAttribute("aria-controls")!)).toContainElement(within(nav).getByRole("link", { name: "Quota" }));

    await user.click(menu);
    expect(menu).toHaveAttribute("aria-expanded", "true");
    expect(nav).toHaveAttribute("data-open");
    await user.tab();
    await user.keyboard("{Escape}");
    expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(menu).toHaveFocus();

    await user.keyboard("{Enter}");
    expect(menu).toHaveAttribute("aria-expanded", "true");
    await user.click(within(nav).getByRole("link", { name: "Quota" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/quota"));
    expect(menu).toHaveAttribute("aria-expanded", "false");
    expect(nav).not.toHaveAttribute("data-open");
  });
});

describe("Console routes", () => {
  it("shows an unknown URL as a not-found page inside the console's frame", async () => {
    mockFetch({ "GET /api/v1/auth/me": ALICE });
    renderRoutes(consoleRoutes, "/services/x/unknown-page");
    const heading = await screen.findByRole("heading", { level: 1, name: "Page not found" });
    expect(screen.getByRole("main")).toContainElement(heading);
    expect(screen.getByText("/services/x/unknown-page")).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Console" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to Real-Time Services" })).toHaveAttribute("href", "/services");
    expect(screen.queryByText(/Unexpected Application Error/)).not.toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe("Page not found · Real-Time Services"));
  });

  it("shows a page that fails inside the frame, with a reload", async () => {
    mockFetch({ "GET /api/v1/auth/me": ALICE });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    function Broken(): never {
      throw new Error("The chart library failed.");
    }
    renderRoutes([{ path: "/", element: <AppLayout />, children: [{ errorElement: <RouteError />, children: [{ path: "broken", element: <Broken /> }] }] }], "/broken");
    const heading = await screen.findByRole("heading", { level: 1, name: "This page could not be shown" });
    expect(screen.getByRole("main")).toContainElement(heading);
    expect(screen.getByText("The chart library failed.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reload the page" })).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Console" })).toBeInTheDocument();
  });
});
