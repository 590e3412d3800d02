import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { notificationQueue } from "../../components/ui/toast/notifications.ts";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { flavors, pools, poolsResponse, specificationsResponse } from "../../testing/msw/fixtures.ts";
import { mockFetch, renderPage } from "../../testing/test-utils.tsx";
import { Component as PoolsPage } from "./pools-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const messages = () => notificationQueue.visibleToasts.map((toast) => toast.content.message);

describe("Dedicated pools page", () => {
  it("R12 creates a pool with the generation chosen from radios, and says so in a notification", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/pools": { body: poolsResponse },
      "GET /api/v1/specifications": { body: specificationsResponse },
      "POST /api/v1/pools": ({ body }) => ({
        status: 201,
        body: { ...pools.old, id: "pool-created", name: (body as { name: string }).name, nodeCount: 2, generation: "old" },
      }),
    });
    const user = userEvent.setup();
    const { container } = renderPage(<PoolsPage />, { path: "/pools" });
    const form = await screen.findByRole("form", { name: "Create a dedicated pool" });
    await user.type(within(form).getByLabelText("Name"), "batch-pool");
    await user.selectOptions(within(form).getByLabelText("Specifications"), flavors.cpu8.id);
    await user.clear(within(form).getByLabelText("Nodes"));
    await user.type(within(form).getByLabelText("Nodes"), "2");
    const generation = within(form).getByRole("group", { name: "Generation" });
    expect(within(generation).getByRole("radio", { name: "New" })).toBeChecked();
    await user.click(within(generation).getByRole("radio", { name: "Old" }));
    await expectNoAxeViolations(container);
    await user.click(within(form).getByRole("button", { name: "Create pool" }));
    await waitFor(() => expect(calls.find((c) => c.method === "POST")?.body).toEqual({ name: "batch-pool", flavorId: flavors.cpu8.id, nodeCount: 2, generation: "old" }));
    await waitFor(() => expect(messages()).toEqual(["Pool created: batch-pool"]));
    expect(notificationQueue.visibleToasts[0]?.content.detail).toBe("2 nodes, old-version.");
  }, 20_000);

  it("deletes a pool after confirmation and says so in a notification", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/pools": { body: poolsResponse },
      "GET /api/v1/specifications": { body: specificationsResponse },
      [`DELETE /api/v1/pools/${pools.old.id}`]: { status: 204 },
    });
    const user = userEvent.setup();
    renderPage(<PoolsPage />, { path: "/pools" });
    const row = (await screen.findByRole("rowheader", { name: pools.old.name })).closest("tr")!;
    expect(within(row).getByText(pools.old.state)).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: `Delete ${pools.old.name}` }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Delete pool" }));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    await waitFor(() => expect(messages()).toEqual([`Pool deleted: ${pools.old.name}`]));
  });
});
