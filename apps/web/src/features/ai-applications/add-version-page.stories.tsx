// Adding a version against the mocked API (MSW): every client-side problem at once (shared
// schemas), the server's field errors on their fields, a file that is too large for the server,
// an upload in flight cancelled, an ONNX upload and a container image accepted.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, userEvent, within } from "storybook/test";
import { expectNoAxeViolations } from "../../testing/axe.ts";
import { aiApplicationHandlers, UPLOAD_REJECTION } from "../../testing/msw/ai-application-handlers.ts";
import { AddVersionPage } from "./add-version-page.tsx";

const meta = {
  title: "AI Applications/Add version",
  component: AddVersionPage,
  args: { applicationId: "app-iris" },
  parameters: { route: "/ai-applications/app-iris/versions/new", msw: aiApplicationHandlers() },
} satisfies Meta<typeof AddVersionPage>;

export default meta;
type Story = StoryObj<typeof meta>;

const LOADED = { timeout: 3000 };

function onnxFile(name = "iris.onnx", bytes = 2048): File {
  return new File([new Uint8Array(bytes)], name, { type: "application/octet-stream" });
}

async function openForm(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await canvas.findByRole("heading", { level: 1, name: "Add version to iris-classifier" }, LOADED);
  return canvas;
}

export const ClientSideErrors: Story = {
  name: "R15 Every problem at once, in the API's words, before anything is sent",
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Model file (ONNX)" }));
    const version = canvas.getByRole("textbox", { name: "Version" });
    await userEvent.clear(version);
    await userEvent.type(version, "v1");
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await canvas.findByText('Version must look like "1.0.0" (major.minor.patch, optionally "-beta.1").')).toBeInTheDocument();
    await expect(canvas.getByText("Choose a file to upload.")).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);

    const unfiltered = userEvent.setup({ applyAccept: false });
    await unfiltered.upload(canvas.getByLabelText("Model file (.onnx)"), new File(["PK"], "model.zip"));
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await canvas.findByText('model.zip: a model file must be an .onnx file. For an archive choose "Model package".')).toBeInTheDocument();

    await userEvent.click(canvas.getByRole("radio", { name: "Container image" }));
    await userEvent.clear(canvas.getByRole("spinbutton", { name: "Port" }));
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await canvas.findByText('Enter an image reference, e.g. "localhost/my-model:1.0".')).toBeInTheDocument();
    await expect(canvas.getByText("port must be a whole number from 1 to 65535.")).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
  },
};

export const ServerFieldErrors: Story = {
  name: "R15 The server's field errors land on Version and on the file",
  parameters: { msw: aiApplicationHandlers({ upload: "reject" }) },
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.upload(canvas.getByLabelText("Model package (.tar.gz, .tgz or .zip)"), new File(["PK"], "model.zip"));
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    for (const issue of UPLOAD_REJECTION) await expect(await canvas.findByText(issue.message, {}, LOADED)).toBeInTheDocument();
    await expect(canvas.getByRole("textbox", { name: "Version" })).toHaveAttribute("aria-invalid", "true");
    await expectNoAxeViolations(canvasElement);
  },
};

export const TooLargeForTheServer: Story = {
  name: "A 413 from the server shows on the file field",
  parameters: { msw: aiApplicationHandlers({ upload: "too-large" }) },
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Model file (ONNX)" }));
    await userEvent.upload(canvas.getByLabelText("Model file (.onnx)"), onnxFile());
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await canvas.findByText("The file is larger than 512 MB, the largest upload allowed.", {}, LOADED)).toBeInTheDocument();
  },
};

export const UploadCancelled: Story = {
  name: "An upload in flight shows its progress and can be cancelled",
  parameters: { msw: aiApplicationHandlers({ upload: "hang" }) },
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Model file (ONNX)" }));
    await userEvent.upload(canvas.getByLabelText("Model file (.onnx)"), onnxFile("big.onnx", 4096));
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await canvas.findByRole("progressbar", { name: "Uploading big.onnx" }, LOADED)).toBeInTheDocument();
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Cancel upload" }));
    await expect(await canvas.findByText("Upload cancelled. Nothing was added; submit again to retry.", {}, LOADED)).toBeInTheDocument();
    await expect(canvas.queryByRole("progressbar")).not.toBeInTheDocument();
  },
};

export const OnnxFileAccepted: Story = {
  name: "An ONNX file is accepted and the version is Building",
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Model file (ONNX)" }));
    const version = canvas.getByRole("textbox", { name: "Version" });
    await userEvent.clear(version);
    await userEvent.type(version, "1.3.0");
    await userEvent.upload(canvas.getByLabelText("Model file (.onnx)"), onnxFile());
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await within(document.body).findByText("Version added: iris-classifier 1.3.0", {}, LOADED)).toBeInTheDocument();
  },
};

export const ContainerImageAccepted: Story = {
  name: "A container image version is accepted",
  play: async ({ canvasElement }) => {
    const canvas = await openForm(canvasElement);
    await userEvent.click(canvas.getByRole("radio", { name: "Container image" }));
    const version = canvas.getByRole("textbox", { name: "Version" });
    await userEvent.clear(version);
    await userEvent.type(version, "3.0.0");
    await userEvent.type(canvas.getByRole("textbox", { name: "Image" }), "localhost/iris:3.0");
    await userEvent.click(canvas.getByRole("radio", { name: "Open Inference Protocol v2" }));
    await expectNoAxeViolations(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Add version" }));
    await expect(await within(document.body).findByText("Version added: iris-classifier 3.0.0", {}, LOADED)).toBeInTheDocument();
  },
};
