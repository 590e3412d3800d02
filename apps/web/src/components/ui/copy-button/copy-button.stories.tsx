// Copy buttons for ids, URLs and tokens: the result is said in words next to the button.
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { expectNoAxeViolations } from "../../../testing/axe.ts";
import { CopyButton } from "./copy-button.tsx";
import { CopyableValue } from "./copyable-value.tsx";

const SERVICE_ID = "6f1c2a9e-3b7d-4c1e-9a55-0d2f8e7b1c44";
const GATEWAY_URL = `http://localhost:3000/v1/infers/${SERVICE_ID}`;

function CopyDemo() {
  return (
    <dl style={{ display: "grid", gap: "0.75rem" }}>
      <div>
        <dt>Service ID</dt>
        <dd>
          <CopyableValue value={SERVICE_ID} what="service ID" />
        </dd>
      </div>
      <div>
        <dt>Gateway URL</dt>
        <dd>
          <CopyableValue value={GATEWAY_URL} what="gateway URL" />
        </dd>
      </div>
      <div>
        <dt>API token</dt>
        <dd>
          <CopyButton text="rts_live_abcdef123456" what="token" />
        </dd>
      </div>
    </dl>
  );
}

function stubClipboard(writeText: (text: string) => Promise<void>) {
  const original = Object.getOwnPropertyDescriptor(navigator, "clipboard");
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  return () => {
    if (original) Object.defineProperty(navigator, "clipboard", original);
    else Reflect.deleteProperty(navigator, "clipboard");
  };
}

const writeText = fn(async (_text: string) => undefined);

const meta = { title: "Design system/Copy button", component: CopyDemo } satisfies Meta<typeof CopyDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Copies: Story = {
  name: "Copies the value and says Copied",
  beforeEach: () => {
    writeText.mockClear();
    return stubClipboard(writeText);
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const button = canvas.getByRole("button", { name: "Copy gateway URL" });
    await userEvent.click(button);
    await expect(writeText).toHaveBeenCalledWith(GATEWAY_URL);
    await expect(await canvas.findByText("Copied")).toHaveAttribute("role", "status");
    await expect(button).toHaveAccessibleDescription("Copied");
    await userEvent.click(canvas.getByRole("button", { name: "Copy token" }));
    await expect(writeText).toHaveBeenLastCalledWith("rts_live_abcdef123456");
    await expectNoAxeViolations(canvasElement);
  },
};

export const ClipboardRefused: Story = {
  name: "When the clipboard is refused it says how to copy by hand",
  beforeEach: () => stubClipboard(async () => Promise.reject(new DOMException("Denied", "NotAllowedError"))),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Copy service ID" }));
    await expect(await canvas.findByText("Could not copy: select the service ID and copy it yourself.")).toBeInTheDocument();
    await expect(canvas.getByText(SERVICE_ID)).toBeInTheDocument();
  },
};
