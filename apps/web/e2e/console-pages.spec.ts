// Every page of the console at 1440 px and at 390 px (a phone): axe-core finds nothing, and on the
// phone no page scrolls sideways and every action can be reached (e2e/support/page-checks.ts).
// Each page gets its own title and, after a navigation, focus on its heading. The pictures in
// docs/screenshots/ (<page>-desktop.png, <page>-phone.png) come from these visits.
import { expect, test, type Page } from "@playwright/test";
import { loginThroughApi } from "./support/auth.ts";
import { checkPage, ensureConsoleServices, screenshotPath, WIDTHS, type WidthName } from "./support/console-pages.ts";
import { expectEveryActionReachable } from "./support/page-checks.ts";
import { ALICE } from "./support/users.ts";
import { fillResources, GRAY_LAUNCH_70_30, next, STEP_TITLES, stepHeading } from "./support/wizard.ts";

const DETAIL_TABS = [
  "Overview & configuration",
  "Instances",
  "Traffic",
  "Events",
  "Revisions",
  "Usage guide",
  "Prediction test",
  "Monitoring",
  "Collected data",
  "Metering",
] as const;

async function heading(page: Page, name: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

for (const width of Object.keys(WIDTHS) as WidthName[]) {
  test.describe(`console pages at ${WIDTHS[width].width} px`, () => {
    test.use({ viewport: WIDTHS[width], deviceScaleFactor: 1, colorScheme: "light" });

    test("sign-in page", async ({ page }) => {
      await page.goto("/login");
      await heading(page, "Sign in to Real-Time Services");
      await expect(page).toHaveTitle("Sign in · Real-Time Services");
      await checkPage(page, width, "sign-in", { screenshot: "login" });
    });

    test("Real-Time Services list", async ({ page }) => {
      await loginThroughApi(page, ALICE);
      await ensureConsoleServices(page);
      await page.goto("/services?sort=name&order=asc");
      await heading(page, "Real-Time Services");
      await expect(page).toHaveTitle("Real-Time Services");
      await expect(page.getByText("Live updates on")).toBeVisible({ timeout: 15_000 });
      await checkPage(page, width, "services list", { screenshot: "services-list" });
    });

    test("Deploy wizard, every step", async ({ page }) => {
      test.setTimeout(120_000);
      await loginThroughApi(page, ALICE);
      await page.goto("/services/deploy");
      await heading(page, "Deploy");
      await expect(page).toHaveTitle("Deploy a real-time service · Real-Time Services");
      await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
      await page.getByLabel("Name", { exact: true }).fill("invoice-router");
      await page.getByLabel("Description").fill("Gray launch of the new classifier");
      await checkPage(page, width, "deploy: basic information");
      await next(page, STEP_TITLES.resources);
      await fillResources(page, GRAY_LAUNCH_70_30);
      await expect(page.getByText("Traffic ratio total: 100% (must be 100%)")).toBeVisible();
      await stepHeading(page, STEP_TITLES.resources).scrollIntoViewIfNeeded();
      await checkPage(page, width, "deploy: resources", { screenshot: "deploy-wizard" });
      await next(page, STEP_TITLES.data);
      await checkPage(page, width, "deploy: data collection");
      const dataCollection = page.getByRole("checkbox", { name: "Data Collection" });
      await dataCollection.check();
      await checkPage(page, width, "deploy: data collection on");
      await dataCollection.uncheck();
      await next(page, STEP_TITLES.confirm);
      await checkPage(page, width, "deploy: confirm", { screenshot: "deploy-confirm" });
    });

    test("service details, every tab", async ({ page }) => {
      test.setTimeout(240_000);
      await loginThroughApi(page, ALICE);
      const { demo } = await ensureConsoleServices(page);
      await page.goto(`/services/${demo.id}`);
      await heading(page, "demo-classifier");
      await expect(page).toHaveTitle("demo-classifier · Real-Time Services");
      const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
      await expect(breadcrumb.getByRole("link", { name: "Real-Time Services" })).toHaveAttribute("href", "/services");
      await expect(breadcrumb.locator('[aria-current="page"]')).toHaveText("demo-classifier");
      for (const name of DETAIL_TABS) {
        const tab = page.getByRole("tab", { name });
        await tab.click();
        await expect(tab).toHaveAttribute("aria-selected", "true");
        await expect(page.getByRole("tabpanel")).toBeVisible();
        await expect(tab, "the chosen tab is scrolled into the tab strip").toBeInViewport({ ratio: 1 });
        if (name === "Monitoring") await expect(page.locator(".sd-charts-placeholder")).toHaveCount(0, { timeout: 15_000 });
        if (name === "Prediction test") {
          await page.getByLabel("Request body (JSON)").fill('{"text": "My invoice is wrong"}');
          await page.getByRole("button", { name: "Send" }).click();
          await expect(page.getByTestId("model-version")).toHaveText(/\d+\.\d+\.\d+/, { timeout: 15_000 });
        }
        const screenshot = name === "Overview & configuration" ? "service-details" : name === "Prediction test" ? "prediction-test" : undefined;
        await checkPage(page, width, `service details: ${name}`, { screenshot });
      }
    });

    test("Modify, every step", async ({ page }) => {
      test.setTimeout(120_000);
      await loginThroughApi(page, ALICE);
      const { demo } = await ensureConsoleServices(page);
      await page.goto(`/services/${demo.id}/modify`);
      await heading(page, "Modify demo-classifier");
      await expect(page).toHaveTitle("Modify demo-classifier · Real-Time Services");
      const breadcrumb = page.getByRole("navigation", { name: "Breadcrumb" });
      await expect(breadcrumb.getByRole("link")).toHaveText(["Real-Time Services", "demo-classifier"]);
      await expect(breadcrumb.locator('[aria-current="page"]')).toHaveText("Modify");
      await expect(stepHeading(page, STEP_TITLES.basic)).toBeVisible();
      await checkPage(page, width, "modify: basic information", { screenshot: "modify" });
      await next(page, STEP_TITLES.resources);
      await checkPage(page, width, "modify: resources");
      await next(page, STEP_TITLES.data);
      await checkPage(page, width, "modify: data collection");
      await next(page, STEP_TITLES.confirm);
      await checkPage(page, width, "modify: confirm");
    });

    for (const { path, title, name, screenshot } of [
      { path: "/ai-applications", title: "AI Applications", name: "AI Applications", screenshot: "ai-applications" },
      { path: "/pools", title: "Dedicated Resource Pools", name: "Dedicated Resource Pools", screenshot: "pools" },
      { path: "/quota", title: "Quota", name: "Quota", screenshot: "quota" },
      { path: "/tokens", title: "API Tokens", name: "API Tokens", screenshot: "tokens" },
    ]) {
      test(`${name} page`, async ({ page }) => {
        await loginThroughApi(page, ALICE);
        await page.goto(path);
        await heading(page, title);
        await expect(page).toHaveTitle(`${title} · Real-Time Services`);
        await expect(page.getByRole("status")).toHaveCount(0, { timeout: 15_000 });
        await checkPage(page, width, name, { screenshot });
      });
    }

    test("an unknown URL shows a not-found page inside the console", async ({ page }) => {
      await loginThroughApi(page, ALICE);
      await page.goto("/services/no-such/page");
      await heading(page, "Page not found");
      await expect(page).toHaveTitle("Page not found · Real-Time Services");
      await expect(page.getByText("Unexpected Application Error")).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Console" })).toBeVisible();
      await checkPage(page, width, "not found", { screenshot: "not-found" });
      await page.getByRole("link", { name: "Go to Real-Time Services" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Real-Time Services" })).toBeFocused();
    });
  });
}

test.describe("navigation on a phone", () => {
  test.use({ viewport: WIDTHS.phone, deviceScaleFactor: 1, colorScheme: "light" });

  test("the Menu button opens the navigation, Escape closes it, choosing a page closes it and focuses that page's heading", async ({ page }) => {
    await loginThroughApi(page, ALICE);
    await page.goto("/services");
    await heading(page, "Real-Time Services");
    const nav = page.getByRole("navigation", { name: "Console" });
    const menu = nav.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(nav.getByRole("link", { name: "Quota" })).toBeHidden();
    // The page starts right under the bar, not below the whole navigation.
    const top = await page.getByRole("heading", { level: 1 }).boundingBox();
    expect(top?.y).toBeLessThan(120);

    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("link", { name: "Quota" })).toBeVisible();
    await expectEveryActionReachable(page, "open navigation");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.screenshot({ path: screenshotPath("navigation-menu-phone") });
    await nav.getByRole("link", { name: "AI Applications" }).focus();
    await page.keyboard.press("Escape");
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(menu).toBeFocused();

    await menu.click();
    await nav.getByRole("link", { name: "Quota" }).click();
    await expect(page).toHaveURL(/\/quota$/);
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await expect(page.getByRole("heading", { level: 1, name: "Quota" })).toBeFocused();
    await expect(page).toHaveTitle("Quota · Real-Time Services");
  });
});
