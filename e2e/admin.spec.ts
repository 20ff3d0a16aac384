// The operators' page: only for ADMIN_EMAILS, accessible, and its delivery search
// finds what a batch just sent.
import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn, uniqueEmail } from "./support/mailbox";
import { uploadAndWait } from "./support/notifications";
import { E2E_ADMIN_EMAIL } from "./support/settings";

test("someone not in ADMIN_EMAILS gets a 404 and no Admin link", async ({ page }) => {
  await signIn(page, uniqueEmail("not-admin"));
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(404);
});

test("an admin sees the queues, the dead-letter queue and finds a delivery", async ({ page }) => {
  await signIn(page, E2E_ADMIN_EMAIL);
  await uploadAndWait(page, "ops.csv");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Queues" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dead-letter queue" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Recipient").fill(E2E_ADMIN_EMAIL);
  await page.getByRole("search", { name: "Search deliveries" }).getByRole("button").click();
  await expect(page).toHaveURL(/recipient=ops-e2e%40example\.com/);
  // The batch's email delivery is decided a moment after the batch completes.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("region", { name: "Deliveries found, newest first" }).getByText(E2E_ADMIN_EMAIL).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});
