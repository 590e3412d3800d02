import type { Preview } from "@storybook/react-vite";
import { mswLoader } from "msw-storybook-addon/csf3";
import "../src/app/styles.css";
import "../src/components/ui/controls/controls.css";
import { notificationQueue } from "../src/components/ui/toast/notifications.ts";
import { deployApiHandlers } from "../src/testing/msw/handlers.ts";
import { withProviders } from "./decorators.tsx";

// CSF 3 stories: `parameters.msw` holds a story's handlers; mswLoader starts the service worker
// once and swaps the handlers per story. The jsdom test run swaps the worker for msw/node.
const preview: Preview = {
  decorators: [withProviders],
  loaders: [mswLoader()],
  // Notifications live in one queue outside React: each story starts without the last one's.
  beforeEach: () => notificationQueue.clear(),
  parameters: {
    layout: "padded",
    msw: deployApiHandlers(),
  },
};

export default preview;
