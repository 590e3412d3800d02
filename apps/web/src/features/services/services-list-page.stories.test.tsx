// The list's stories, play functions included, in jsdom.
import { runStories } from "../../testing/msw/story-runner.ts";
import * as listStories from "./services-list-page.stories.tsx";

runStories({ "Real-Time Services list": listStories });
