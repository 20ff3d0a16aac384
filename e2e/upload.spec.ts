import { expect, test } from "@playwright/test";
import { signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

const goodCsv = ["name,email", "Ada,ada@acme.com", "Grace,grace@acme.org", "Linus,linus@acme.net"].join("\n");
const mixedCsv = ["Email Address;Company", "alan@acme.com;ACME", "not-an-address;Nope", "ALAN@acme.com;Dup", "barbara@acme.com;=cmd()"].join("\n");
const notACsv = "Dear team,\nplease find the minutes of our meeting below.\nNothing here is a list.\n";

test("upload three files at once, watch them process, land on partial, download the cleaned list", async ({ page }) => {
  await signIn(page, uniqueEmail("uploader"));

  await chooseFiles(page, [
    { name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) },
    { name: "mixed.csv", mimeType: "text/csv", buffer: Buffer.from(mixedCsv) },
    { name: "minutes.txt", mimeType: "text/plain", buffer: Buffer.from(notACsv) },
  ]);

  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.getByRole("heading", { name: /Batch of 3 files/ })).toBeVisible();
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "partial", { timeout: 30_000 });

  const rows = page.getByTestId("batch-file");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Completed");
  await expect(rows.nth(1)).toContainText("Completed");
  await expect(rows.nth(2)).toContainText("Failed");
  await expect(rows.nth(2)).toContainText("No column holds email addresses");
  // How each file was read, in words.
  await expect(rows.nth(1)).toContainText("Addresses from the “Email Address” column; read as UTF-8, values separated by semicolons.");

  // 3 + 3 valid; 1 invalid; 1 duplicate (ALAN@ is alan@ again).
  await expect(page.getByText("Valid", { exact: true }).locator("..")).toContainText("5");
  await expect(page.getByText("Invalid", { exact: true }).locator("..")).toContainText("1");
  await expect(page.getByText("Duplicates", { exact: true }).locator("..")).toContainText("1");

  // Every download is in one place, in the format picked there.
  const downloads = page.getByTestId("batch-downloads");
  await downloads.getByRole("radio", { name: /Plain CSV/ }).check();
  const download = page.waitForEvent("download");
  await downloads.getByRole("link", { name: /^Cleaned list of mixed\.csv/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("mixed-cleaned.csv");
  const text = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(text).toString("utf8").trim().split(/\r?\n/);
  expect(lines).toHaveLength(3); // header + alan + barbara
  expect(lines.join("\n")).toContain("alan@acme.com");
  expect(lines.join("\n")).toContain("'=cmd()"); // neutralised formula
  expect(lines.join("\n")).not.toContain("not-an-address");
});

test("another person's batch is not found", async ({ page, browser }) => {
  await signIn(page, uniqueEmail("owner"));
  await chooseFiles(page, [{ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) }]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  const batchUrl = page.url();

  const stranger = await browser.newPage();
  await signIn(stranger, uniqueEmail("stranger"));
  const response = await stranger.goto(batchUrl);
  expect(response?.status()).toBe(404);
  const api = await stranger.request.get(`/api/batches?limit=5`);
  expect((await api.json()).items).toEqual([]);
  await stranger.close();
});

test("cancel an upload in progress: nothing is stored and no batch is created", async ({ page }) => {
  await signIn(page, uniqueEmail("cancel"));
  // A slow uplink (256 KB/s) keeps the 5 MB upload going long enough to cancel it.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
  const big = Buffer.from(`email\n${"someone@example.com\n".repeat(250_000)}`);
  await chooseFiles(page, [{ name: "big.csv", mimeType: "text/csv", buffer: big }]);
  await expect(page.getByRole("progressbar", { name: "Uploading big.csv" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel upload" }).click();

  await expect(page.getByText("Upload cancelled; choose files to start again.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel upload" })).toHaveCount(0);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.reload();
  await expect(page.getByRole("heading", { name: "No batches yet" })).toBeVisible();
});

test.describe("on the person's clock", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("upload times are shown in the browser's time zone, adopted on the first visit", async ({ page }) => {
    await signIn(page, uniqueEmail("clock"));
    await chooseFiles(page, [{ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) }]);
    await expect(page).toHaveURL(/\/batches\/\w+$/);
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
    // The zone was saved when the dashboard first rendered; this render reads it.
    await page.reload();
    await expect(page.locator("p.muted time")).toContainText("GMT+5:30");
    await page.goto("/dashboard");
    await expect(page.getByRole("row").nth(1).locator("time")).toContainText("GMT+5:30");
  });
});
