// The AI Applications stories, play functions included, in jsdom.
import { runStories } from "../../testing/msw/story-runner.ts";
import * as addVersionStories from "./add-version-page.stories.tsx";
import * as listStories from "./ai-applications-page.stories.tsx";
import * as progressStories from "./components/upload-progress.stories.tsx";

runStories({ "R15 AI Applications list": listStories, "R15 Add version": addVersionStories, "Upload progress": progressStories });
