import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

test("sign-in pages have no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expectNoSeriousA11yViolations(page);
  await page.goto("/sign-in/error?error=Verification");
  await expectNoSeriousA11yViolations(page);
});

test("app pages have no serious accessibility violations and work with the keyboard", async ({ page }) => {
  await signIn(page, uniqueEmail("a11y"));
  await expectNoSeriousA11yViolations(page);

  await chooseFiles(page, [{ name: "list.csv", mimeType: "text/csv", buffer: Buffer.from("email\nada@example.com\n") }]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expectNoSeriousA11yViolations(page);

  await page.goto("/dashboard");
  await expectNoSeriousA11yViolations(page);
  // Keyboard: the skip link comes first and moves focus to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.goto("/settings");
  await expectNoSeriousA11yViolations(page);
});

test("notification pages have no serious accessibility violations", async ({ page }) => {
  const email = uniqueEmail("a11y-notify");
  await signIn(page, email);
  await chooseFiles(page, [{ name: "list.csv", mimeType: "text/csv", buffer: Buffer.from("email\nada@example.com\n") }]);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });

  // With a delivery in the log, an in-app notification and a real batch to preview.
  await expect(async () => {
    await page.goto("/settings/notifications");
    await expect(page.getByRole("cell", { name: email })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expectNoSeriousA11yViolations(page);
  await page.goto("/notifications");
  await expectNoSeriousA11yViolations(page);
  await page.goto("/settings/notifications/preview");
  await expectNoSeriousA11yViolations(page, { skipFrames: true });

  // The unsubscribe page, reached from the email.
  await page.goto("/dev/mailbox");
  await page.getByRole("row").filter({ hasText: email }).filter({ hasText: "list.csv" }).getByRole("link").first().click();
  const unsubscribe = await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Unsubscribe" }).getAttribute("href");
  await page.goto(unsubscribe ?? "");
  await expect(page.getByRole("heading", { name: "Unsubscribe?" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test.describe("on a phone-sized screen", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the dashboard and a batch page fit the screen: wide tables scroll inside it", async ({ page }) => {
    await signIn(page, uniqueEmail("phone"));
    const name = "quarterly-contacts-export-from-the-crm.csv";
    await chooseFiles(page, [{ name, mimeType: "text/csv", buffer: Buffer.from("email\nada@example.com\n") }]);
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await pageWidth()).toBeLessThanOrEqual(375);
    await page.goto("/dashboard");
    await expect(page.getByRole("link", { name })).toBeVisible();
    expect(await pageWidth()).toBeLessThanOrEqual(375);
  });
});
