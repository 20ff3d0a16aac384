// Fixing a list in the app, as a person does it: the rows to fix of a processed file
// (accept a suggested address, edit one, mark one valid), the corrected list and the
// record of changes downloaded; then a file where no email column was found, fixed by
// picking the column from a preview of its first rows, reached from the failure email.
// Both at 390 px and 1280 px; TIDINGS_SCREENSHOTS_DIR keeps pictures of the page.
import path from "node:path";
import { expect, test, type Download, type Page } from "@playwright/test";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

const screenshotsDir = process.env.TIDINGS_SCREENSHOTS_DIR;

const contactsCsv = [
  "name,email,city",
  "Ada,ada@acme-mail.com,Paris",
  "Kim,kim@gmial.com,Oslo",
  "Bob,bob@acme-mail,Rome",
  "Info desk,info@acme-mail.com,Bern",
  "Zed,zed at acme-mail.com,Lima",
].join("\n");
const noColumnCsv = ["name,contact", "Ada,ada@acme-mail.com", "Bob,call after 5", "Cy,ask reception"].join("\n");

async function downloadedText(download: Promise<Download>): Promise<string> {
  const file = await download;
  return Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8");
}

async function picture(page: Page, name: string) {
  if (screenshotsDir) await page.screenshot({ path: path.join(screenshotsDir, name), fullPage: true });
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

for (const width of [390, 1280]) {
  test(`fix rows and download the corrected list (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, uniqueEmail(`fixer-${width}`));
    await chooseFiles(page, [{ name: "contacts.csv", mimeType: "text/csv", buffer: Buffer.from(contactsCsv) }]);
    await expect(page).toHaveURL(/\/batches\/\w+$/);
    // One file: the batch is called by its name.
    await expect(page.getByRole("heading", { level: 1 })).toContainText("contacts.csv");
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
    await expect(page.getByTestId("file-counts")).toHaveText(/1 valid\s*2 risky\s*2 invalid\s*0 duplicates/);

    const rows = page.getByTestId("flagged-row");
    await expect(rows).toHaveCount(4);
    await picture(page, `${width}-batch-rows-to-fix.png`);
    await expectNoSidewaysScroll(page);

    // Only the typos, then accept the suggestion.
    await page.getByLabel("Reason").selectOption("possible_typo");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(rows).toHaveCount(1);
    await rows.first().getByRole("button", { name: "Use kim@gmail.com" }).click();
    await expect(rows.first()).toContainText("suggestion accepted");
    await page.getByLabel("Reason").selectOption("");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(rows).toHaveCount(4);

    // An edit that is still invalid is refused, in words; the right one is taken.
    const bob = rows.filter({ hasText: "bob@acme-mail" });
    await bob.getByText("Edit", { exact: true }).click();
    await bob.getByLabel("Corrected address").fill("bob@acme-mail.test");
    await bob.getByRole("button", { name: "Save" }).click();
    await expect(bob.getByRole("alert")).toContainText("is still not a valid address");
    await bob.getByLabel("Corrected address").fill("bob@acme-mail.com");
    await bob.getByRole("button", { name: "Save" }).click();
    await expect(bob).toContainText("edited");

    const info = rows.filter({ hasText: "info@acme-mail.com" });
    await info.getByRole("button", { name: "Mark as valid" }).click();
    await expect(info).toContainText("marked valid");
    await picture(page, `${width}-batch-rows-fixed.png`);
    await expectNoSidewaysScroll(page);

    // The corrected list in the formats of the other downloads.
    await expect(page.getByRole("link", { name: /^Excel \(\.xlsx\)\W+Corrected list$/ })).toHaveAttribute("href", /\/corrected\?format=xlsx$/);
    await expect(page.getByRole("link", { name: /^CSV for Excel\W+Corrected list$/ })).toHaveAttribute("href", /\/corrected\?format=excel-csv$/);
    const corrected = await downloadedText(
      Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^CSV\W+Corrected list$/ }).click()]).then(([download]) => download),
    );
    expect(corrected.trim().split(/\r?\n/)).toEqual([
      "name,email,city,normalized_email",
      "Ada,ada@acme-mail.com,Paris,ada@acme-mail.com",
      "Kim,kim@gmail.com,Oslo,kim@gmail.com",
      "Bob,bob@acme-mail.com,Rome,bob@acme-mail.com",
      "Info desk,info@acme-mail.com,Bern,info@acme-mail.com",
    ]);
    const changes = await downloadedText(
      Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Changes made by hand \(3\)/ }).click()]).then(([download]) => download),
    );
    expect(changes).toContain("contacts.csv,3,1,kim@gmial.com,kim@gmail.com,accepted suggestion");
    expect(changes).toContain("contacts.csv,4,1,bob@acme-mail,bob@acme-mail.com,edited");
    expect(changes).toContain("contacts.csv,5,1,info@acme-mail.com,info@acme-mail.com,marked valid");
  });

  test(`fix a file without an email column by picking it (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const email = uniqueEmail(`column-${width}`);
    await signIn(page, email);
    await chooseFiles(page, [{ name: "no-column.csv", mimeType: "text/csv", buffer: Buffer.from(noColumnCsv) }]);
    await expect(page).toHaveURL(/\/batches\/\w+$/);
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
    // A retry would fail the same way: only the fix is offered.
    await expect(page.getByRole("button", { name: "Retry failed files" })).toHaveCount(0);

    // The failure email leads to the fix.
    await expect(async () => {
      await openLatestMessageTo(page, email);
      await expect(page.getByRole("heading", { level: 1 })).toContainText("no-column.csv");
    }).toPass({ timeout: 20_000 });
    await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Pick the email column and run it again" }).click();
    await expect(page).toHaveURL(/\/batches\/\w+#fix-file-\w+$/);

    const fix = page.getByTestId("column-fix");
    await expect(fix.getByRole("columnheader")).toHaveText(["name", "contact"]);
    await expect(fix).toContainText("call after 5");
    await picture(page, `${width}-batch-pick-column.png`);
    await expectNoSidewaysScroll(page);
    await fix.getByLabel("Email column").selectOption("contact");
    await fix.getByRole("button", { name: "Run again with this column" }).click();
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
    await expect(page.getByTestId("file-counts")).toHaveText(/1 valid\s*0 risky\s*2 invalid/);
    await expect(page.getByTestId("flagged-row")).toHaveCount(2);
  });
}
