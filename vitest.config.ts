import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "contracts",
          root: "packages/contracts",
          include: ["src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "web",
          root: "apps/web",
          environment: "jsdom",
          include: ["src/**/*.test.{ts,tsx}"],
          setupFiles: ["./src/testing/setup-tests.ts"],
        },
      },
      {
        test: {
          name: "db",
          root: "packages/db",
          include: ["src/**/*.test.ts"],
          globalSetup: ["./src/testing/global-setup.ts"],
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "api",
          root: "apps/api",
          include: ["src/**/*.test.ts"],
          globalSetup: ["../../packages/db/src/testing/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "sample-apps",
          root: "sample-apps",
          include: ["**/*.test.mjs"],
        },
      },
      {
        test: {
          name: "runtimes",
          root: "runtimes",
          include: ["**/*.test.mjs"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
