import { expect, test } from "@playwright/test";
import { loginThroughForm } from "./support/auth.ts";
import { serviceRow, stateOf } from "./support/list.ts";
import { ALICE } from "./support/users.ts";

test("alice signs in and sees her services with the demo service", async ({ page }) => {
  await page.goto("/services");
  // Without a session the console sends the user to the login page and back afterwards.
  await expect(page).toHaveURL(/\/login\?redirect=%2Fservices$/);
  await expect(page.getByRole("heading", { name: "Sign in to Real-Time Services" })).toBeVisible();

  await loginThroughForm(page, ALICE);
  await expect(page.getByRole("heading", { level: 1, name: "Real-Time Services" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${ALICE.displayName}`)).toBeVisible();
  const demo = serviceRow(page, "demo-classifier");
  await expect(demo).toBeVisible();
  await expect(stateOf(demo)).toHaveText(/Deploying|Running/);
  await expect(page.getByText(/^\d+ \/ 20 services$/)).toBeVisible();
});

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(ALICE.username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});
