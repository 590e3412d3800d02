// The console frame's stories (navigation, not-found page), play functions included, in jsdom.
import { runStories } from "../../testing/msw/story-runner.ts";
import * as navigationStories from "../console-navigation.stories.tsx";
import * as notFoundStories from "../not-found-page.stories.tsx";

runStories({ "Console navigation": navigationStories, "Not-found page": notFoundStories });
