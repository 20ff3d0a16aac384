// One batch, one list, on the batch page: an address the second file repeats from the
// first is a duplicate in the cards and in that file's counts (as it is in the downloads),
// and the page says why the numbers are what they are.
import { expect, test } from "@playwright/test";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

const crmA = ["email,name", "ann@acme-mail.com,Ann", "bob@acme-mail.com,Bob"].join("\n");
const crmB = ["Name,Email", "Ann again,ANN@acme-mail.com", "Cy,cy@acme-mail.com"].join("\n");

test("an address already in an earlier file counts as a duplicate on the page and in the email, which say so", async ({ page }) => {
  const email = uniqueEmail("cross-file");
  await signIn(page, email);
  await chooseFiles(page, [
    { name: "crm-a.csv", mimeType: "text/csv", buffer: Buffer.from(crmA) },
    { name: "crm-b.csv", mimeType: "text/csv", buffer: Buffer.from(crmB) },
  ]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });

  // 2 + 1 valid (ANN@ is ann@ of crm-a.csv again), 1 duplicate: what the merged list holds.
  const chart = page.getByTestId("verdict-chart");
  await expect(chart.getByRole("listitem")).toHaveText(["Valid: 3", "Risky: 0", "Invalid: 0", "Duplicates: 1"]);
  await expect(page.getByTestId("cross-file-duplicates")).toHaveText(
    "Duplicates include 1 row also in an earlier file of this batch, not counted as valid or risky (as in the downloads).",
  );
  const counts = page.getByTestId("file-counts");
  await expect(counts.nth(0)).toHaveText(/^2 valid\s*0 risky\s*0 invalid\s*0 duplicates$/);
  await expect(counts.nth(1)).toHaveText(/^1 valid\s*0 risky\s*0 invalid\s*1 duplicate \(1 also in an earlier file of this batch\)$/);

  // The email's numbers are the page's.
  await expect(async () => {
    await openLatestMessageTo(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("2 files: 3 valid of 4 rows");
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText("1 valid of 2 rows · 1 also in an earlier file of this batch")).toBeVisible();
  await expect(page.getByText("Duplicates include 1 row also in an earlier file of this batch.")).toBeVisible();
});
