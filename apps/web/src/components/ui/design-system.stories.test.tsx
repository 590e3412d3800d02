// The design system's stories, play functions included, in jsdom (the README's test command).
import { runStories } from "../../testing/msw/story-runner.ts";
import * as copyButton from "./copy-button/copy-button.stories.tsx";
import * as expandableText from "./expandable-text/expandable-text.stories.tsx";
import * as relativeTime from "./relative-time/relative-time.stories.tsx";
import * as statusBadges from "./status-badge/status-badge.stories.tsx";
import * as toasts from "./toast/toast-region.stories.tsx";
import * as usageMeter from "./usage-meter/usage-meter.stories.tsx";
import * as controls from "./controls/controls.stories.tsx";

runStories({
  "Form controls": controls,
  "Status indicators": statusBadges,
  Notifications: toasts,
  "Copy button": copyButton,
  "Relative time": relativeTime,
  "Usage meter": usageMeter,
  "Expandable text": expandableText,
});
