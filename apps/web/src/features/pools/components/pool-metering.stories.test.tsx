// The pools' metered-usage stories, play functions included, in jsdom.
import { runStories } from "../../../testing/msw/story-runner.ts";
import * as poolMeteringStories from "./pool-metering.stories.tsx";

runStories({ "R13 Pool metering": poolMeteringStories });
