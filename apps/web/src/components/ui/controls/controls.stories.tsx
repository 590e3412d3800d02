// The console's form controls in every state: default, focused, disabled (with the reason in
// words), invalid (with the message in words), for text, number, select, checkbox and radios,
// and a raw <input> such as the WebSocket panel's, which gets the same look.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, userEvent, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { CheckboxField } from "../checkbox-field/checkbox-field.tsx";
import { RadioGroupField } from "../radio-group-field/radio-group-field.tsx";
import { SelectField } from "../select-field/select-field.tsx";
import { TextField } from "../text-field/text-field.tsx";

function ControlsGallery() {
  const [pool, setPool] = useState("public");
  const [collect, setCollect] = useState(false);
  return (
    <form className="form-stack" onSubmit={(event) => event.preventDefault()} noValidate style={{ maxWidth: "32rem" }}>
      <TextField label="Name" name="name" defaultValue="demo-classifier" hint="A letter, then letters, digits, - or _." />
      <TextField label="Description" name="description" error="Description can be at most 100 characters." defaultValue={"x".repeat(101)} />
      <TextField label="Compute Nodes" name="computeNodes" type="number" min={1} defaultValue={1} />
      <TextField label="Timeout (minutes)" name="timeout" type="number" disabled defaultValue={20} hint="Fixed after deploy." />
      <SelectField
        label="Specifications"
        name="flavor"
        options={[
          { value: "cpu2", label: "CPU: 2 vCPUs | 8 GiB" },
          { value: "a100", label: "GPU: 1 x A100 (not available)", disabled: true },
        ]}
      />
      <SelectField label="State" name="state" placeholder="All states" options={[{ value: "Running", label: "Running" }]} error="Choose a state." />
      <RadioGroupField
        legend="Resource Pool"
        name="poolType"
        layout="row"
        value={pool}
        onChange={setPool}
        options={[
          { value: "public", label: "Public resource pools" },
          { value: "dedicated", label: "Dedicated resource pools", detail: "Takes no quota; the pool is metered." },
          { value: "edge", label: "Edge pools", disabledReason: "Not offered in this environment." },
        ]}
      />
      <CheckboxField label="Data Collection" checked={collect} onChange={(event) => setCollect(event.target.checked)} hint="Samples calls and keeps them for a while." />
      <CheckboxField label="WebSocket" disabledReason="Every chosen version must be WebSocket-compliant." />
      <CheckboxField label="I have read the terms" error="Tick this box to go on." />
      <div className="field">
        <label htmlFor="raw-message">Message (a raw input, as in the WebSocket panel)</label>
        <input id="raw-message" defaultValue='{"text": "hello"}' />
      </div>
    </form>
  );
}

const meta = { title: "Design system/Form controls", component: ControlsGallery } satisfies Meta<typeof ControlsGallery>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AllStates: Story = {
  name: "Labels, hints, disabled reasons and errors are words tied to their control",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText("Description")).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByLabelText("Description")).toHaveAccessibleDescription("Description can be at most 100 characters.");
    await expect(canvas.getByLabelText("Timeout (minutes)")).toBeDisabled();
    await expect(canvas.getByLabelText("WebSocket")).toBeDisabled();
    await expect(canvas.getByLabelText("WebSocket")).toHaveAccessibleDescription("Every chosen version must be WebSocket-compliant.");
    await expect(canvas.getByRole("radio", { name: "Edge pools" })).toBeDisabled();
    await expect(canvas.getByRole("radio", { name: "Edge pools" })).toHaveAccessibleDescription("Not offered in this environment.");
    await expect(canvas.getByRole("group", { name: "Resource Pool" })).toBeInTheDocument();
    await expect(canvas.getByRole("option", { name: "GPU: 1 x A100 (not available)" })).toBeDisabled();
    await expectNoAxeViolations(canvasElement);
  },
};

export const Keyboard: Story = {
  name: "Every control is reached with Tab and changed from the keyboard",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    canvas.getByLabelText("Name").focus();
    await userEvent.keyboard("{Control>}a{/Control}billing-model");
    await expect(canvas.getByLabelText("Name")).toHaveValue("billing-model");
    canvas.getByRole("radio", { name: "Dedicated resource pools" }).focus();
    await userEvent.keyboard(" ");
    await expect(canvas.getByRole("radio", { name: "Dedicated resource pools" })).toBeChecked();
    await userEvent.tab();
    await expect(canvas.getByLabelText("Data Collection")).toHaveFocus();
    await userEvent.keyboard(" ");
    await expect(canvas.getByLabelText("Data Collection")).toBeChecked();
  },
};
