// The Metering panel stories, play functions included, in jsdom.
import { runStories } from "../../../testing/msw/story-runner.ts";
import * as meteringStories from "./metering-panel.stories.tsx";

runStories({ "R13 Metering panel": meteringStories });
