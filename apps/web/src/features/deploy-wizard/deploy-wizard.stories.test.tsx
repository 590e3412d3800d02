// Runs every Deploy wizard story's play function in jsdom (the README's test command), with the
// project's Storybook preview. The browser service worker is swapped for msw/node, so stories
// that talk to the mocked API run here too.
import type { MswApi } from "msw-storybook-addon";
import { mswLoader } from "msw-storybook-addon/csf3";
import { setupServer } from "msw/node";
import { cleanup } from "@testing-library/react";
import { composeStories, setProjectAnnotations } from "@storybook/react-vite";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import preview from "../../../.storybook/preview.tsx";
import * as pageStories from "./deploy-page.stories.tsx";
import * as wizardStories from "./components/deploy-wizard.stories.tsx";

const server = setupServer();

setProjectAnnotations([{ ...preview, loaders: [mswLoader(() => server as unknown as MswApi)] }]);

beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => cleanup());
afterAll(() => server.close());

const suites = { "Deploy wizard": wizardStories, "Deploy page": pageStories };

for (const [title, module] of Object.entries(suites)) {
  describe(title, () => {
    for (const [exportName, Story] of Object.entries(composeStories(module))) {
      it(`${exportName}: ${Story.storyName ?? exportName}`, async () => {
        await Story.run();
      });
    }
  });
}
