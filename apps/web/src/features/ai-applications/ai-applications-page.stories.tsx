// My AI Applications against the mocked API (MSW): no applications yet, versions in every build
// state with their events, a Building version turning Normal by itself, a taken name, and a
// delete the server refuses because a service uses the version. Play functions run in jsdom
// through ai-applications-page.stories.test.tsx.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, waitFor, within } from "storybook/test";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { modelApplication, modelVersions } from "../../testing/msw/ai-application-fixtures.ts";
import { aiApplicationHandlers } from "../../testing/msw/ai-application-handlers.ts";
import { AiApplicationsPage } from "./ai-applications-page.tsx";

const meta = {
  title: "AI Applications/List",
  component: AiApplicationsPage,
  parameters: { route: "/ai-applications", msw: aiApplicationHandlers() },
} satisfies Meta<typeof AiApplicationsPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const LOADED = { timeout: 3000 };

export const NoApplicationsYet: Story = {
  name: "R15 No applications yet: create one, checked by the shared schema first",
  parameters: { msw: aiApplicationHandlers({ applications: [] }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("You have no AI applications yet.", {}, LOADED)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);

    const name = canvas.getByRole("textbox", { name: "Name" });
    await userEvent.type(name, "1-bad name");
    await userEvent.click(canvas.getByRole("button", { name: "Create AI application" }));
    await expect(await canvas.findByText("Name must start with a letter and contain only letters, digits, hyphens (-) and underscores (_).")).toBeInTheDocument();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(canvasElement);

    await userEvent.clear(name);
    await userEvent.type(name, "iris-classifier");
    await userEvent.type(canvas.getByRole("textbox", { name: "Description" }), "Iris species");
    await userEvent.click(canvas.getByRole("button", { name: "Create AI application" }));
    await expect(await canvas.findByRole("heading", { level: 2, name: "iris-classifier" }, LOADED)).toBeInTheDocument();
    await expect(canvas.getByText(/No versions yet/)).toBeInTheDocument();
    await expect(canvas.getByRole("link", { name: "Add version to iris-classifier" })).toHaveAttribute("href", "/ai-applications/app-new-1/versions/new");
    await expect(await within(document.body).findByText("AI application created: iris-classifier")).toBeInTheDocument();
  },
};

export const VersionsInEveryState: Story = {
  name: "Normal, Building and Failed versions in words, with file, runtime, reason and build events",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { level: 2, name: "iris-classifier" }, LOADED);
    const row = (version: string) => canvas.getByRole("rowheader", { name: version }).closest("tr") as HTMLElement;

    const normal = row("1.0.0");
    await expect(within(normal).getByText("Normal")).toBeInTheDocument();
    await expect(normal).toHaveTextContent("Model file (ONNX)");
    await expect(normal).toHaveTextContent("Built-in ONNX Runtime");
    await expect(normal).toHaveTextContent("Open Inference Protocol v2");
    await expect(normal).toHaveTextContent("iris.onnx");
    await expect(normal).toHaveTextContent("1.2 MB");
    await expect(within(normal).getByRole("link", { name: "Deploy iris-classifier 1.0.0" })).toHaveAttribute("href", "/services/deploy");

    const building = row("1.1.0");
    await expect(within(building).getByText("Building")).toBeInTheDocument();
    await expect(building).toHaveTextContent("40 MB");
    await expect(building).toHaveTextContent("Building…");
    await expect(within(building).queryByRole("link", { name: /Deploy/ })).not.toBeInTheDocument();

    const failed = row("1.2.0");
    await expect(within(failed).getByText("Failed")).toBeInTheDocument();
    await expect(failed).toHaveTextContent(modelVersions.failed.stateReason ?? "");
    await expect(within(failed).queryByRole("link", { name: /Deploy/ })).not.toBeInTheDocument();

    await expect(row("2.0.0")).toHaveTextContent("Container image");
    await expectNoAxeViolations(canvasElement);

    await userEvent.click(within(normal).getByText("Build events"));
    await expect(await within(normal).findByText("Loaded the model: 1 input (features FP32 [-1, 4]), 1 output.", {}, LOADED)).toBeInTheDocument();
    await expect(within(normal).getByText("features FP32 [-1, 4]")).toBeInTheDocument();
    await expect(within(normal).getByText("Labels: setosa, versicolor, virginica")).toBeInTheDocument();

    await userEvent.click(within(failed).getByText("Build events"));
    await expect(await within(failed).findByText(/Received iris-1\.2\.0\.zip/, {}, LOADED)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const BuildingTurnsNormal: Story = {
  name: "A Building version turns Normal by itself (the list polls while one builds)",
  parameters: { msw: aiApplicationHandlers({ applications: [modelApplication([modelVersions.building])], buildAfterReads: 1 }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const header = await canvas.findByRole("rowheader", { name: "1.1.0" }, LOADED);
    const row = header.closest("tr") as HTMLElement;
    await expect(within(row).getByText("Building")).toBeInTheDocument();
    await waitFor(() => expect(within(row).getByText("Normal")).toBeInTheDocument(), { timeout: 5000 });
    await expect(within(row).getByRole("link", { name: "Deploy iris-classifier 1.1.0" })).toBeInTheDocument();
  },
};

export const NameTaken: Story = {
  name: "R15 A taken name: the server's field error lands on Name",
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { level: 2, name: "iris-classifier" }, LOADED);
    await userEvent.type(canvas.getByRole("textbox", { name: "Name" }), "iris-classifier");
    await userEvent.click(canvas.getByRole("button", { name: "Create AI application" }));
    await expect(await canvas.findByText('You already have an AI application named "iris-classifier". Choose a different name.', {}, LOADED)).toBeInTheDocument();
    await expect(canvas.getByRole("textbox", { name: "Name" })).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(canvasElement);
  },
};

export const DeleteRefusedWhileUsed: Story = {
  name: "Deleting a version a service uses is refused, naming the service; an unused one goes",
  parameters: { msw: aiApplicationHandlers({ usedBy: { [modelVersions.normal.id]: ["iris-service"] } }) },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole("heading", { level: 2, name: "iris-classifier" }, LOADED);
    await userEvent.click(canvas.getByRole("button", { name: "Delete version iris-classifier 1.0.0" }));
    const dialog = await canvas.findByRole("dialog", { name: "Delete version 1.0.0 of iris-classifier?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete version" }));
    await expect(await within(dialog).findByRole("alert", {}, LOADED)).toHaveTextContent("used by service iris-service");
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));

    await userEvent.click(canvas.getByRole("button", { name: "Delete version iris-classifier 1.2.0" }));
    const second = await canvas.findByRole("dialog", { name: "Delete version 1.2.0 of iris-classifier?" });
    await userEvent.click(within(second).getByRole("button", { name: "Delete version" }));
    await waitFor(() => expect(canvas.queryByRole("rowheader", { name: "1.2.0" })).not.toBeInTheDocument(), LOADED);
    await expect(await within(document.body).findByText("Version deleted: iris-classifier 1.2.0")).toBeInTheDocument();
  },
};
