// The axe-core rule tags the console is held to (WCAG 2.x A and AA), in component stories
// (testing/axe.ts) and in the Playwright flows (e2e/support/page-checks.ts) alike.
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
