import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { mockFetch, renderRoutes } from "../../../testing/test-utils.tsx";
import { Component as LoginPage } from "../login-page.tsx";

const unauthorized = { status: 401, body: { type: "x", title: "Authentication required.", status: 401, detail: "Sign in, or send a valid API token." } };

function renderLogin(url = "/login") {
  return renderRoutes(
    [
      { path: "/login", element: <LoginPage /> },
      { path: "/services", element: <h1>Services home</h1> },
      { path: "/pools", element: <h1>Pools home</h1> },
    ],
    url,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Login page", () => {
  it("shows the demo users and labelled fields", async () => {
    mockFetch({ "GET /api/v1/auth/me": unauthorized });
    renderLogin();
    expect(screen.getByLabelText("Username")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
    expect(screen.getByText(/Demo users/)).toHaveTextContent("alice / alice-demo-pass");
  });

  it("R15 shows the API's field errors next to the fields (422)", async () => {
    mockFetch({
      "GET /api/v1/auth/me": unauthorized,
      "POST /api/v1/auth/login": {
        status: 422,
        body: {
          type: "x",
          title: "Your request is not valid.",
          status: 422,
          detail: "The request has 2 problems; see errors for each field.",
          errors: [
            { path: "username", message: "Enter your username." },
            { path: "password", message: "Enter your password." },
          ],
        },
      },
    });
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Enter your username.")).toBeInTheDocument();
    expect(screen.getByLabelText("Username")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Username")).toHaveAccessibleDescription("Enter your username.");
    expect(screen.getByLabelText("Password")).toHaveAccessibleDescription("Enter your password.");
  });

  it("shows the 401 message for a wrong password", async () => {
    mockFetch({
      "GET /api/v1/auth/me": unauthorized,
      "POST /api/v1/auth/login": { status: 401, body: { type: "x", title: "Authentication required.", status: 401, detail: "Wrong username or password." } },
    });
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Wrong username or password.");
  });

  it("signs in and goes back to where the user came from", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/auth/me": unauthorized,
      "POST /api/v1/auth/login": { body: { id: "u1", username: "alice", displayName: "Alice" } },
    });
    const user = userEvent.setup();
    const { router } = renderLogin("/login?redirect=%2Fpools");
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "alice-demo-pass");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/pools"));
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({ username: "alice", password: "alice-demo-pass" });
  });
});
