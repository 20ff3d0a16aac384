import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn, uniqueEmail } from "./support/mailbox";

test("sign-in pages have no serious accessibility violations", async ({ page }) => {
  await page.goto("/sign-in");
  await expectNoSeriousA11yViolations(page);
  await page.goto("/sign-in/error?error=Verification");
  await expectNoSeriousA11yViolations(page);
});

test("app pages have no serious accessibility violations and work with the keyboard", async ({ page }) => {
  await signIn(page, uniqueEmail("a11y"));
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel(/Drop CSV files here/).setInputFiles([{ name: "list.csv", mimeType: "text/csv", buffer: Buffer.from("email\nada@example.com\n") }]);
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
