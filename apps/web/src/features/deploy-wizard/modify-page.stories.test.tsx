// The Modify page's and the Auto Stop field's stories, play functions included, in jsdom.
import { runStories } from "../../testing/msw/story-runner.ts";
import * as autoStopStories from "./components/auto-stop-field.stories.tsx";
import * as modifyStories from "./modify-page.stories.tsx";

runStories({ "Modify page": modifyStories, "Auto Stop field": autoStopStories });
