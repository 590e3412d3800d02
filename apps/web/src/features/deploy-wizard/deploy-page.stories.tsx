// The Deploy page against the mocked API (MSW): data loading, the server's dry run, and what
// POST /api/v1/services answers (202, 422 with field errors, 500).
import { SERVICE_LIMIT_MESSAGE } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { HttpResponse, http } from "msw";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { fill } from "./deploy-story-interactions.ts";
import { flavors, versions } from "../../testing/msw/fixtures.ts";
import { SERVER_REJECTION, deployApiHandlers } from "../../testing/msw/handlers.ts";
import { DeployPage } from "./deploy-page.tsx";

const meta = {
  title: "Deploy wizard/Deploy page",
  component: DeployPage,
  parameters: { route: "/services/deploy", msw: deployApiHandlers() },
} satisfies Meta<typeof DeployPage>;

export default meta;
type Story = StoryObj<typeof meta>;

type Canvas = ReturnType<typeof within>;

/** Fill the form with a valid public-pool deploy and reach the confirmation. */
async function fillValidDeploy(canvas: Canvas, name = "digits-service") {
  const nameInput = await canvas.findByLabelText("Name", {}, { timeout: 3000 });
  await fill(nameInput, name);
  await userEvent.click(canvas.getByRole("button", { name: "Next" }));
  await userEvent.selectOptions(await canvas.findByLabelText("AI Application and Version"), "app-digits");
  await userEvent.selectOptions(canvas.getByLabelText("Version"), versions.digitsV1.id);
  await userEvent.click(canvas.getByLabelText(flavors.cpu2.name));
  await userEvent.click(canvas.getByRole("button", { name: "Next" }));
  await canvas.findByRole("heading", { level: 2, name: /Data Collection and traffic limit/ });
  await userEvent.click(canvas.getByRole("button", { name: "Next" }));
  await canvas.findByRole("heading", { level: 2, name: /Confirm/ });
}

export const Loaded: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByLabelText("Name", {}, { timeout: 3000 })).toBeInTheDocument();
    await expect(canvas.getByRole("heading", { level: 1, name: "Deploy" })).toBeInTheDocument();
  },
};

export const DryRunAndSubmit: Story = {
  name: "Dry run, then submit (202)",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await fillValidDeploy(canvas);
    // The confirmation shows the server's dry run: quota impact and hourly cost.
    await waitFor(() => expect(canvas.getByText("From the server's dry run.")).toBeInTheDocument(), { timeout: 3000 });
    await expect(canvas.getAllByText("$0.12 per hour").length).toBeGreaterThan(0);
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    // Back on the list, where the new service shows Deploying -> Running.
    await expect(await canvas.findByRole("heading", { level: 1, name: "Real-Time Services" }, { timeout: 3000 })).toBeInTheDocument();
  },
};

export const ServerRejects422: Story = {
  name: "Server error 422 (MSW)",
  parameters: { msw: deployApiHandlers({ deploy: "reject" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await fillValidDeploy(canvas);
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    await expect(await canvas.findByText(SERVER_REJECTION[0]!.message, {}, { timeout: 3000 })).toBeInTheDocument();
    await expect(canvas.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByTestId("deploy-form-alert")).toHaveTextContent("Your request is not valid.");
  },
};

export const ServerFails500: Story = {
  name: "Server error 500 (MSW)",
  parameters: { msw: deployApiHandlers({ deploy: "fail" }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await fillValidDeploy(canvas);
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    const alert = await canvas.findByTestId("deploy-form-alert", {}, { timeout: 3000 });
    await expect(alert).toHaveTextContent(/Something went wrong on our side/);
  },
};

export const AtServiceLimit: Story = {
  name: "R1 at the service limit (MSW)",
  parameters: { msw: deployApiHandlers({ serviceCount: 20 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(SERVICE_LIMIT_MESSAGE, {}, { timeout: 3000 })).toBeInTheDocument();
  },
};

export const LoadingFails: Story = {
  name: "Catalogue fails to load",
  parameters: {
    msw: [
      http.get("*/api/v1/specifications", () =>
        HttpResponse.json(
          { type: "about:blank", title: "Internal error.", status: 500, detail: "The catalogue is unavailable." },
          { status: 500 },
        ),
      ),
      ...deployApiHandlers(),
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const alert = await canvas.findByRole("alert", {}, { timeout: 3000 });
    await expect(alert).toHaveTextContent("The catalogue is unavailable.");
    await expect(canvas.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  },
};
