// Tidings is not a relay: an address someone names on an upload gets one fixed request
// (no file name) in the dev mailbox, answers it signed out on /r/<token> — opening the
// page changes nothing, the button does — and from then on gets the owner's batch emails.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { withDatabase } from "./support/database";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { emailStatusesFor } from "./support/notifications";

const csv = ["name,email", "Ada,ada@acme-mail.com", "Nobody,not-an-address"].join("\n");

/** The dashboard's upload route with an extra recipient, as the signed-in owner's browser would post it. */
async function uploadNaming(page: Page, recipient: string, fileName: string) {
  const response = await page.request.post("/api/batches", {
    headers: { origin: new URL(page.url()).origin },
    multipart: {
      files: { name: fileName, mimeType: "text/csv", buffer: Buffer.from(csv) },
      options: JSON.stringify({ context: { email: recipient } }),
    },
  });
  expect(response.status()).toBe(202);
}

const consentStatus = (email: string) =>
  withDatabase(async (client) => (await client.query<{ status: string }>(`SELECT status FROM "RecipientConsent" WHERE email = $1`, [email])).rows.map((row) => row.status));

test("a named stranger gets one request without the file name, accepts it signed out, then gets the next batch's email", async ({ page, browser }) => {
  const owner = uniqueEmail("owner");
  const dana = `dana-${randomUUID().slice(0, 8)}@acme-mail.com`;
  await signIn(page, owner);

  await uploadNaming(page, dana, "Your account is locked - verify now at evil-login.com.csv");
  // The request went out; the batch email to Dana was recorded as held back.
  await expect.poll(async () => (await emailStatusesFor(dana)).sort(), { timeout: 30_000 }).toEqual(["sent", "skipped_preference"]);

  await page.goto("/dev/mailbox");
  await expect(page.getByRole("row").filter({ hasText: dana })).toHaveCount(1);
  await openLatestMessageTo(page, dana);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Someone wants to send you batch emails from Tidings");
  await expect(page.locator("body")).not.toContainText("account is locked");
  await expect(page.locator("body")).toContainText(owner);
  const answerUrl = await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Accept or refuse" }).getAttribute("href");
  expect(answerUrl).toMatch(/\/r\/[\w-]+\.[\w-]+$/);

  // Signed out: a fresh browser with no cookies, as Dana is.
  const stranger = await browser.newContext();
  const danaPage = await stranger.newPage();
  await danaPage.goto(answerUrl!);
  await expect(danaPage.getByRole("heading", { name: "Do you want these emails?" })).toBeVisible();
  await expect(danaPage.getByText(`The Tidings user ${owner} wants to send ${dana}`)).toBeVisible();
  expect(await consentStatus(dana)).toEqual(["pending"]);
  await expectNoSeriousA11yViolations(danaPage);
  await danaPage.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(danaPage.getByRole("heading", { name: "You accepted" })).toBeVisible();
  await expect(danaPage.getByRole("status")).toContainText(`${dana} will get an email`);
  expect(await consentStatus(dana)).toEqual(["accepted"]);
  await stranger.close();

  await uploadNaming(page, dana, "march-leads.csv");
  await expect.poll(async () => (await emailStatusesFor(dana)).sort(), { timeout: 30_000 }).toEqual(["sent", "sent", "skipped_preference"]);
  await openLatestMessageTo(page, dana);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("march-leads.csv");
});

test("a tampered consent link says so and changes nothing", async ({ page }) => {
  await page.goto("/r/eyJ2IjoxfQ.bm90LWEtc2lnbmF0dXJl");
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
});
