import { act, cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { NotificationOutlet } from "./notification-outlet.tsx";
import { notify } from "./notifications.ts";

afterEach(cleanup);

describe("NotificationOutlet", () => {
  it("loads the region with the first notification and announces it politely", async () => {
    render(<NotificationOutlet />);
    expect(screen.queryByRole("region", { name: "Notifications" })).not.toBeInTheDocument();
    act(() => {
      notify("Pool deleted", "gpu-pool");
    });
    const region = await screen.findByRole("region", { name: "Notifications" });
    expect(within(region).getByRole("status")).toHaveTextContent("Pool deleted: gpu-pool");
    expect(within(region).getByRole("button", { name: "Dismiss notification" })).toBeInTheDocument();
  });
});
