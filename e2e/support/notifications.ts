// Helpers for specs about notifications: upload a small batch and wait for it, read a
// header of a message in the dev mailbox, and the email deliveries recorded for an address.
import { expect, type Page } from "@playwright/test";
import { withDatabase } from "./database";
import { chooseFiles } from "./upload";

const csv = ["name,email", "Ada,ada@acme.com", "Grace,grace@acme.org", "Nobody,not-an-address"].join("\n");

/** Uploads a three-row CSV (2 valid) on the dashboard and waits for the batch to complete; returns its URL. */
export async function uploadAndWait(page: Page, name: string): Promise<string> {
  await page.goto("/dashboard");
  await chooseFiles(page, [{ name, mimeType: "text/csv", buffer: Buffer.from(csv) }]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  return page.url();
}

/** A header's value cell on an open /dev/mailbox message. */
export function headerValue(page: Page, name: string) {
  return page.getByRole("table", { name: "Message headers" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) }).getByRole("cell");
}

/** The statuses of the email deliveries to `email`, oldest first. */
export async function emailStatusesFor(email: string): Promise<string[]> {
  return withDatabase(async (client) => {
    const result = await client.query<{ status: string }>(
      `SELECT status FROM "Delivery" WHERE channel = 'email' AND recipient = $1 ORDER BY "createdAt"`,
      [email],
    );
    return result.rows.map((row) => row.status);
  });
}
