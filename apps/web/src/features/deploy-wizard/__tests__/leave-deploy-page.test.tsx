// Leaving the Deploy page under the app's kind of router (a data router, which the blocker needs):
// with nothing entered it just goes; with something entered it asks once, whether the way out is a
// link, the browser's Back or Cancel; after a deploy it goes without asking.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { flavors, versions } from "../../../testing/msw/fixtures.ts";
import { deployApiHandlers } from "../../../testing/msw/handlers.ts";
import { renderRoutes } from "../../../testing/test-utils.tsx";
import { DISCARD_TEXT } from "../components/discard-changes-dialog.tsx";
import { fill } from "../deploy-story-interactions.ts";
import { Component as DeployRoute } from "../deploy-page.tsx";

const server = setupServer(...deployApiHandlers());
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => cleanup());
afterAll(() => server.close());

function renderDeployPage() {
  return renderRoutes(
    [
      { path: "/services/deploy", element: <DeployRoute /> },
      { path: "/services", element: <h1>Real-Time Services</h1> },
    ],
    "/services/deploy",
  );
}

const listHeading = () => screen.findByRole("heading", { level: 1, name: "Real-Time Services" });

describe("leaving the Deploy page", () => {
  it("goes at once when nothing was entered", async () => {
    const { router } = renderDeployPage();
    await screen.findByLabelText("Name", {}, { timeout: 3000 });
    await router.navigate("/services");
    expect(await listHeading()).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("asks before a navigation drops what was entered, and stays when told to", async () => {
    const { router } = renderDeployPage();
    const name = await screen.findByLabelText("Name", {}, { timeout: 3000 });
    await fill(name, "half-filled");
    // The user moves on from the field before following a link.
    await userEvent.tab();
    void router.navigate("/services");
    const dialog = await screen.findByRole("dialog", { name: DISCARD_TEXT.deploy.title });
    await userEvent.click(within(dialog).getByRole("button", { name: DISCARD_TEXT.deploy.keep }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(router.state.location.pathname).toBe("/services/deploy");
    expect(screen.getByLabelText("Name")).toHaveValue("half-filled");

    void router.navigate("/services");
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: DISCARD_TEXT.deploy.discard }));
    expect(await listHeading()).toBeInTheDocument();
  });

  it("asks only once when Cancel is used", async () => {
    renderDeployPage();
    await fill(await screen.findByLabelText("Name", {}, { timeout: 3000 }), "half-filled");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: DISCARD_TEXT.deploy.discard }));
    expect(await listHeading()).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("goes to the list without asking once the deploy was accepted", async () => {
    renderDeployPage();
    await fill(await screen.findByLabelText("Name", {}, { timeout: 3000 }), "digits-service");
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await userEvent.selectOptions(await screen.findByLabelText("AI Application and Version"), "app-digits");
    await userEvent.selectOptions(screen.getByLabelText("Version"), versions.digitsV1.id);
    await userEvent.click(screen.getByLabelText(flavors.cpu2.name));
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await screen.findByRole("heading", { level: 2, name: /Data Collection and traffic limit/ });
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    await userEvent.click(await screen.findByRole("button", { name: "Submit" }));
    expect(await listHeading()).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
