// Runs every story's play function of the given modules in jsdom (the README's test command), with
// the project's Storybook preview. The browser service worker is swapped for msw/node, so stories
// that talk to the mocked API run here too.
import { cleanup } from "@testing-library/react";
import { composeStories, setProjectAnnotations } from "@storybook/react-vite";
import type { MswApi } from "msw-storybook-addon";
import { mswLoader } from "msw-storybook-addon/csf3";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import preview from "../../../.storybook/preview.tsx";

type StoryModule = Parameters<typeof composeStories>[0];
type ComposedStory = { run: () => Promise<void>; storyName?: string };

export function runStories(suites: Record<string, StoryModule>, options: { timeout?: number } = {}): void {
  const server = setupServer();
  setProjectAnnotations([{ ...preview, loaders: [mswLoader(() => server as unknown as MswApi)] }]);
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => cleanup());
  afterAll(() => server.close());
  for (const [title, module] of Object.entries(suites)) {
    describe(title, () => {
      for (const [exportName, Story] of Object.entries(composeStories(module)) as Array<[string, ComposedStory]>) {
        it(`${exportName}: ${Story.storyName ?? exportName}`, async () => {
          await Story.run();
        }, options.timeout ?? 15_000);
      }
    });
  }
}
