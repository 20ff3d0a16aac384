// What a person controls: preferences changed in Settings apply to the very next
// batch, and they can take their data with them and delete their account.
import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/database";
import { signIn, uniqueEmail } from "./support/mailbox";
import { emailStatusesFor, uploadAndWait } from "./support/notifications";
import { expectNoSeriousA11yViolations } from "./support/axe";

test("a preference changed in the UI applies to the very next batch", async ({ page }) => {
  const email = uniqueEmail("prefs");
  await signIn(page, email);
  await page.goto("/settings/notifications");
  await expectNoSeriousA11yViolations(page);

  const succeededByEmail = page.getByLabel("Email: batch succeeded");
  await expect(succeededByEmail).toBeChecked();
  await succeededByEmail.uncheck();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Email: batch succeeded")).not.toBeChecked();

  await uploadAndWait(page, "after-the-change.csv");
  await expect.poll(() => emailStatusesFor(email), { timeout: 15_000 }).toEqual(["skipped_preference"]);
  await page.goto("/settings/notifications");
  await expect(page.getByText("Turned off in the recipient’s notification settings, or unsubscribed")).toBeVisible();
});

test("export my data, then delete my account", async ({ page }) => {
  const email = uniqueEmail("leaving");
  await signIn(page, email);
  await uploadAndWait(page, "mine.csv");

  await page.goto("/settings");
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data" }).click();
  const archive = await download;
  expect(archive.suggestedFilename()).toMatch(/^tidings-export-.+\.zip$/);
  const bytes = Buffer.concat(await (await archive.createReadStream()).toArray());
  // A ZIP names its entries in plain text.
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  for (const entry of ["account.json", "batches.json", "deliveries.json", "preferences.json"]) expect(bytes.includes(entry)).toBe(true);

  await page.getByText("Delete my account…").click();
  await page.getByLabel(/To confirm, type your email address/).fill(email);
  await page.getByRole("button", { name: "Delete my account and all its data" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("status")).toHaveText("Your account and its data have been deleted. You are signed out.");

  const users = await withDatabase((client) => client.query(`SELECT 1 FROM "User" WHERE email = $1`, [email]));
  expect(users.rowCount).toBe(0);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});
