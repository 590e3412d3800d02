// Runs every Monitoring panel story's play function in jsdom, with the project's Storybook preview.
import { runStories } from "../../../testing/msw/story-runner.ts";
import * as stories from "./monitoring-panel.stories.tsx";

runStories({ "Monitoring panel stories": stories });
