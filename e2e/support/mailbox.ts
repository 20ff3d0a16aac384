// Reading the dev mailbox the way a person would: through its pages.
import { expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

/** A fresh address per test, so tests never share a user. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Opens the newest message addressed to `email` in /dev/mailbox. */
export async function openLatestMessageTo(page: Page, email: string): Promise<void> {
  await page.goto("/dev/mailbox");
  const row = page.getByRole("row").filter({ hasText: email }).first();
  await expect(row).toBeVisible();
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "Links in this message" })).toBeVisible();
}

/** The sign-in link of the open message, as listed under "Links in this message". */
export async function signInLinkOfOpenMessage(page: Page): Promise<string> {
  const link = page.locator('a[href*="/sign-in/confirm"]').first();
  const href = await link.getAttribute("href");
  if (!href) throw new Error("the open message has no sign-in link");
  return href;
}

/** Asks for a sign-in link on the sign-in page and returns it from the mailbox. */
export async function requestSignInLink(page: Page, email: string, path = "/sign-in"): Promise<string> {
  await page.goto(path);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await openLatestMessageTo(page, email);
  return signInLinkOfOpenMessage(page);
}

/** Signs in as `email` through the sign-in page, the dev mailbox and the confirmation page. */
export async function signIn(page: Page, email: string): Promise<void> {
  const link = await requestSignInLink(page, email);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
