import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { mockFetch, renderPage } from "../../testing/test-utils.tsx";
import { Component as QuotaPage } from "./quota-page.tsx";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("Quota page", () => {
  it("R12 shows what is used of each limit as a labelled meter with the numbers in words", async () => {
    mockFetch({
      "GET /api/v1/quota": {
        body: {
          limit: { vcpus: 40, memoryGiB: 160, gpus: 2 },
          used: { vcpus: 12, memoryGiB: 136, gpus: 2 },
          left: { vcpus: 28, memoryGiB: 24, gpus: 0 },
          holders: [{ kind: "service", id: "svc-1", name: "demo-classifier", amount: { vcpus: 12, memoryGiB: 48, gpus: 0 } }],
        },
      },
    });
    const { container } = renderPage(<QuotaPage />, { path: "/quota" });
    const vcpus = await screen.findByRole("meter", { name: "vCPUs" });
    expect(vcpus).toHaveAttribute("aria-valuetext", "12 of 40 vCPUs used, 28 left");
    expect(screen.getByRole("meter", { name: "Memory" })).toHaveAttribute("aria-valuetext", "136 of 160 GiB used, 24 left (near the limit)");
    expect(screen.getByRole("meter", { name: "GPUs" })).toHaveAttribute("aria-valuetext", "2 of 2 GPUs used, 0 left (at the limit)");
    expect(screen.getByText("136 of 160 GiB used, 24 left (near the limit)")).toBeVisible();
    expect(screen.getByRole("link", { name: "demo-classifier" })).toHaveAttribute("href", "/services/svc-1");
    await expectNoAxeViolations(container);
  });
});
