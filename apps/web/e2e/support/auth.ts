// Signing in: through the login form when that is what a flow is about, otherwise through the API
// with the page's own request context, which shares its cookies with the browser (the session
// cookie set here is the one the console then uses).
import { expect, type Page } from "@playwright/test";
import type { DemoUser } from "./users.ts";

export async function loginThroughForm(page: Page, user: DemoUser): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/services$/);
}

export async function loginThroughApi(page: Page, user: DemoUser): Promise<void> {
  const response = await page.request.post("/api/v1/auth/login", {
    data: { username: user.username, password: user.password },
  });
  expect(response.status(), await response.text()).toBe(200);
}
