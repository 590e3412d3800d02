import { act, cleanup, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Link, useSearchParams } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { renderRoutes } from "../../../../testing/test-utils.tsx";
import { PageHeader } from "../page-header.tsx";

afterEach(cleanup);

function Pools() {
  return (
    <>
      <PageHeader title="Dedicated Resource Pools" />
      <Link to="/services/svc-1">Open demo-classifier</Link>
    </>
  );
}

function Details() {
  const [, setSearchParams] = useSearchParams();
  return (
    <>
      <PageHeader
        title="demo-classifier"
        breadcrumbs={[{ label: "Real-Time Services", to: "/services" }, { label: "demo-classifier" }]}
        description="Support-message classifier"
      />
      <button type="button" onClick={() => setSearchParams({ tab: "instances" })}>
        Instances
      </button>
    </>
  );
}

describe("Page header", () => {
  // One flow on purpose: "the first load" is once per document, and this file is one document.
  it("keeps the first page's focus, then moves focus to each new page's heading, not on a query change", async () => {
    const user = userEvent.setup();
    const { router } = renderRoutes(
      [
        { path: "/pools", element: <Pools /> },
        { path: "/services/:id", element: <Details /> },
        { path: "/services", element: <PageHeader title="Real-Time Services" /> },
      ],
      "/pools",
    );
    expect(screen.getByRole("heading", { level: 1, name: "Dedicated Resource Pools" })).not.toHaveFocus();
    expect(document.title).toBe("Dedicated Resource Pools · Real-Time Services");

    await user.click(screen.getByRole("link", { name: "Open demo-classifier" }));
    expect(await screen.findByRole("heading", { level: 1, name: "demo-classifier" })).toHaveFocus();
    expect(document.title).toBe("demo-classifier · Real-Time Services");

    const tabButton = screen.getByRole("button", { name: "Instances" });
    await user.click(tabButton);
    expect(router.state.location.search).toBe("?tab=instances");
    expect(tabButton).toHaveFocus();

    await act(() => router.navigate(-1));
    await act(() => router.navigate(-1));
    expect(await screen.findByRole("heading", { level: 1, name: "Dedicated Resource Pools" })).toHaveFocus();

    await user.click(screen.getByRole("link", { name: "Open demo-classifier" }));
    await user.click(await screen.findByRole("link", { name: "Real-Time Services" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Real-Time Services" })).toHaveFocus();
    expect(document.title).toBe("Real-Time Services");
  });

  it("shows breadcrumbs as a landmark whose last item is the current page", () => {
    renderRoutes([{ path: "/services/:id", element: <Details /> }], "/services/svc-1");
    const nav = screen.getByRole("navigation", { name: "Breadcrumb" });
    expect(nav.querySelector("ol")).not.toBeNull();
    expect(screen.getByRole("link", { name: "Real-Time Services" })).toHaveAttribute("href", "/services");
    const current = screen.getByText("demo-classifier", { selector: "[aria-current]" });
    expect(current).toHaveAttribute("aria-current", "page");
    expect(current.closest("a")).toBeNull();
  });
});
