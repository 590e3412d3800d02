import type { StorybookConfig } from "@storybook/react-vite";

// Storybook for the console's components. The API is mocked with MSW in stories only: the
// service worker file lives in .storybook/public (served via staticDirs), never in the app build.
const config: StorybookConfig = {
  framework: "@storybook/react-vite",
  stories: ["../src/**/*.stories.@(ts|tsx)"],
  addons: ["@storybook/addon-docs"],
  staticDirs: ["./public"],
  core: { disableTelemetry: true },
};

export default config;
