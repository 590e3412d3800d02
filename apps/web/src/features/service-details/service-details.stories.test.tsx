// The service-details stories, play functions included, in jsdom.
import { runStories } from "../../testing/msw/story-runner.ts";
import * as detailStories from "./service-details.stories.tsx";

runStories({ "Service details": detailStories });
