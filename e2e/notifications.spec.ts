// A batch outcome reaches the person as an email in the dev mailbox — the right
// numbers, a working link, both unsubscribe headers — and its unsubscribe link works:
// page with confirm and undo, and the bare one-click POST a mail client sends.
import { expect, test } from "@playwright/test";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { emailStatusesFor, headerValue, uploadAndWait } from "./support/notifications";

test("the outcome email arrives with its numbers and headers, and its unsubscribe link works", async ({ page, playwright }) => {
  const email = uniqueEmail("notified");
  await signIn(page, email);
  const batchUrl = await uploadAndWait(page, "contacts.csv");

  await expect(async () => {
    await openLatestMessageTo(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("contacts.csv: 2 valid of 3");
  }).toPass({ timeout: 20_000 });
  await expect(headerValue(page, "List-Unsubscribe-Post")).toHaveText("List-Unsubscribe=One-Click");
  const listUnsubscribe = (await headerValue(page, "List-Unsubscribe").textContent()) ?? "";
  const unsubscribeUrl = /^<(.+)>$/.exec(listUnsubscribe)?.[1] ?? "";
  expect(unsubscribeUrl).toMatch(/\/u\/[\w-]+\.[\w-]+$/);

  await expect(page.getByText("2 of 3 rows are valid.")).toBeVisible();

  // The link to the batch works.
  await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "View batch" }).click();
  await expect(page).toHaveURL(batchUrl);

  // The unsubscribe page: opening it changes nothing; the button does; undo; again.
  await page.goto(unsubscribeUrl);
  await expect(page.getByRole("heading", { name: "Unsubscribe?" })).toBeVisible();
  await expect(page.getByText(`Stop sending “batch succeeded” emails to ${email}?`)).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(`${email} will no longer get “batch succeeded” emails.`);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByRole("status")).toHaveText(`${email} will get “batch succeeded” emails again.`);
  await page.getByRole("button", { name: "Unsubscribe", exact: true }).click();
  await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();

  // What a mail client sends: no cookies, no redirect followed, empty 200.
  const bare = await playwright.request.newContext({ baseURL: new URL(unsubscribeUrl).origin });
  const oneClick = await bare.post(new URL(unsubscribeUrl).pathname, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
  expect(oneClick.status()).toBe(200);
  expect(await oneClick.text()).toBe("");
  await bare.dispose();

  // The next batch sends no email; the decision is recorded.
  await uploadAndWait(page, "second.csv");
  await expect.poll(() => emailStatusesFor(email), { timeout: 15_000 }).toEqual(["sent", "skipped_preference"]);
});

test("a tampered unsubscribe link says so and changes nothing", async ({ page }) => {
  const response = await page.goto("/u/eyJ2IjoxfQ.bm90LWEtc2lnbmF0dXJl");
  await expect(page.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();
  expect(response?.status()).toBe(400);
});
