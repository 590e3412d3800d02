// The shared page pieces' stories, play functions included, in jsdom.
import { runStories } from "../../../testing/msw/story-runner.ts";
import * as breadcrumbsStories from "../breadcrumbs/breadcrumbs.stories.tsx";
import * as pageHeaderStories from "../page-header/page-header.stories.tsx";
import * as tableScrollStories from "../table-scroll/table-scroll.stories.tsx";

runStories({ "Page header": pageHeaderStories, Breadcrumbs: breadcrumbsStories, "Table scroll": tableScrollStories });
