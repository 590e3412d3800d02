// R15 in the wizard: a rule's message shows as soon as the input makes it true, even while
// another field is still empty or invalid (the request does not parse as a whole then).
import {
  DESCRIPTION_MAX_LENGTH,
  DESCRIPTION_MESSAGES,
  NAME_MESSAGES,
  TIMEOUT_MESSAGE,
  VERSION_MESSAGES,
  type DeployServiceRequest,
} from "@rts/contracts";
import { QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fixtureDeployContext, flavors, versions } from "../../../testing/msw/fixtures.ts";
import { createTestQueryClient } from "../../../testing/test-utils.tsx";
import { DeployWizard, type DeployWizardProps } from "../components/deploy-wizard.tsx";
import { fill } from "../deploy-story-interactions.ts";

const filled: DeployWizardProps["initialValues"] = {
  name: "digits-service",
  configurations: [
    { versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
  ],
};

function renderWizard(props: Partial<DeployWizardProps> = {}) {
  const onSubmit = vi.fn(async (_request: DeployServiceRequest) => undefined);
  render(
    <QueryClientProvider client={createTestQueryClient()}>
      <DeployWizard context={fixtureDeployContext()} onSubmit={onSubmit} {...props} />
    </QueryClientProvider>,
  );
  return { onSubmit };
}

afterEach(() => cleanup());

describe("R15 the wizard shows every rule's message at once", () => {
  it("R5 shows the traffic ratio total while the added version is not chosen yet and the timeout is invalid", async () => {
    renderWizard({ initialStep: 1, initialValues: filled });
    await userEvent.click(screen.getByRole("button", { name: "Add AI Application Version and Configuration" }));
    const secondVersion = screen.getAllByLabelText("Version")[1] as HTMLSelectElement;
    await fill(screen.getByLabelText("Timeout"), "2");
    await fill(screen.getAllByLabelText("Traffic Ratio (%)")[1] as HTMLElement, "20");

    // The second row has no version (a structural error) and the timeout is out of range (R9)...
    expect(secondVersion).toHaveValue("");
    expect(await screen.findByText(TIMEOUT_MESSAGE)).toBeInTheDocument();
    // ...and the total of the ratios that are there is already reported (R5).
    expect(await screen.findByText(VERSION_MESSAGES.ratioSum(120))).toBeInTheDocument();

    // The message follows the input, still before a version is chosen.
    await fill(screen.getAllByLabelText("Traffic Ratio (%)")[0] as HTMLElement, "70");
    expect(await screen.findByText(VERSION_MESSAGES.ratioSum(90))).toBeInTheDocument();
    await fill(screen.getAllByLabelText("Traffic Ratio (%)")[0] as HTMLElement, "80");
    await waitFor(() => expect(screen.queryByText(/Traffic ratios must add up/)).not.toBeInTheDocument());
    expect(secondVersion).toHaveValue("");
  });

  it("R5 shows the single-version ratio message after a version is removed while the timeout is invalid", async () => {
    renderWizard({
      initialStep: 1,
      initialValues: {
        ...filled,
        configurations: [
          { versionId: versions.digitsV1.id, trafficRatio: 70, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
          { versionId: versions.digitsV2.id, trafficRatio: 30, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] },
        ],
      },
    });
    await fill(screen.getByLabelText("Timeout"), "");
    await userEvent.click(screen.getByRole("button", { name: "Remove version configuration 2" }));
    expect(await screen.findByText(TIMEOUT_MESSAGE)).toBeInTheDocument();
    expect(await screen.findByText(VERSION_MESSAGES.singleRatio(70))).toBeInTheDocument();
  });

  it("R2 shows a taken name while the description is too long", async () => {
    renderWizard();
    await fill(screen.getByLabelText("Description"), "d".repeat(DESCRIPTION_MAX_LENGTH + 1));
    await fill(screen.getByLabelText("Name"), "existing-service");
    expect(await screen.findByText(DESCRIPTION_MESSAGES.tooLong)).toBeInTheDocument();
    expect(await screen.findByText(NAME_MESSAGES.taken("existing-service"))).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
  });

  it("R2 shows a taken name on the first step while every later step is still empty", async () => {
    renderWizard();
    await fill(screen.getByLabelText("Name"), "existing-service");
    expect(await screen.findByText(NAME_MESSAGES.taken("existing-service"))).toBeInTheDocument();
    // Next stays on the step and puts the focus on the name.
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByRole("heading", { level: 2, name: /Basic information/ })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveFocus();
  });
});
