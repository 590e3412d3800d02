// Auto Stop (R17) in the Deploy wizard: presets, a custom number of hours with the rule's message,
// and the free specification that always stops after an hour.
import { AUTO_STOP_MESSAGES, type DeployServiceRequest } from "@rts/contracts";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { fixtureDeployContext, flavors, versions } from "../../../testing/msw/fixtures.ts";
import { fill } from "../deploy-story-interactions.ts";
import type { DeployFormValues } from "../deploy-form.ts";
import { DeployWizard } from "./deploy-wizard.tsx";

const filled: Partial<DeployFormValues> = {
  name: "digits-service",
  configurations: [{ versionId: versions.digitsV1.id, trafficRatio: 100, flavorId: flavors.cpu2.id, computeNodes: 1, envVars: [] }],
};

const meta = {
  title: "Deploy wizard/Auto Stop",
  component: DeployWizard,
  args: {
    context: fixtureDeployContext(),
    initialStep: 2,
    initialValues: filled,
    onSubmit: fn(async (_request: DeployServiceRequest) => undefined),
  },
} satisfies Meta<typeof DeployWizard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const CustomHours: Story = {
  name: "R17 custom hours",
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const select = canvas.getByLabelText("Auto Stop");
    await expect(select).toHaveDisplayValue("Off (never stops by itself)");
    await expect(Array.from((select as HTMLSelectElement).options).map((o) => o.text)).toEqual([
      "Off (never stops by itself)",
      "After 1 hour",
      "After 2 hours",
      "After 4 hours",
      "After 6 hours",
      "Custom (1-24 hours)",
    ]);
    await userEvent.selectOptions(select, "custom");
    const hours = canvas.getByLabelText("Custom hours");
    await fill(hours, "30");
    await expect(await canvas.findByText(AUTO_STOP_MESSAGES.hours)).toBeInTheDocument();
    await expect(hours).toHaveAttribute("aria-invalid", "true");
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await canvas.findByRole("heading", { level: 2, name: /Data Collection and traffic limit/ });
    await fill(hours, "12");
    await waitFor(() => expect(canvas.queryByText(AUTO_STOP_MESSAGES.hours)).not.toBeInTheDocument());
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Next" }));
    await canvas.findByRole("heading", { level: 2, name: /Confirm/ });
    await expect(canvas.getByText("After 12 hours")).toBeInTheDocument();
    await userEvent.click(canvas.getByRole("button", { name: "Submit" }));
    await waitFor(() => expect(args.onSubmit).toHaveBeenCalledTimes(1));
    const request = (args.onSubmit as ReturnType<typeof fn>).mock.calls[0]?.[0] as DeployServiceRequest;
    await expect(request.autoStop).toEqual({ hours: 12 });
  },
};

export const FreeSpecification: Story = {
  name: "R17 free specification stops after 1 hour",
  args: {
    initialValues: { ...filled, configurations: [{ ...filled.configurations![0]!, flavorId: flavors.cpuFree.id }] },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const select = canvas.getByLabelText("Auto Stop");
    await expect(canvas.getByText(new RegExp(AUTO_STOP_MESSAGES.freeSpecification))).toHaveTextContent(
      "This service will stop after 1 hour, whatever is chosen here.",
    );
    await expect(select).toHaveAccessibleDescription(new RegExp(AUTO_STOP_MESSAGES.freeSpecification));
    await userEvent.selectOptions(select, "6");
    await expect(canvas.getByText(/This service will stop after 1 hour/)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};
