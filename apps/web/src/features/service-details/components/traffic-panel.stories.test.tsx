// Runs every Traffic panel story's play function in jsdom, with the project's Storybook preview;
// the browser service worker is swapped for msw/node, as in deploy-wizard.stories.test.tsx.
import type { MswApi } from "msw-storybook-addon";
import { mswLoader } from "msw-storybook-addon/csf3";
import { setupServer } from "msw/node";
import { cleanup } from "@testing-library/react";
import { composeStories, setProjectAnnotations } from "@storybook/react-vite";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import preview from "../../../../.storybook/preview.tsx";
import * as stories from "./traffic-panel.stories.tsx";

const server = setupServer();

setProjectAnnotations([{ ...preview, loaders: [mswLoader(() => server as unknown as MswApi)] }]);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => cleanup());
afterAll(() => server.close());

describe("R16 Traffic panel stories", () => {
  for (const [exportName, Story] of Object.entries(composeStories(stories))) {
    it(`${exportName}: ${Story.storyName ?? exportName}`, async () => {
      await Story.run();
    });
  }
});
