import { expect, type Page, test } from "@playwright/test";
import { withDatabase } from "./support/database";
import { signIn, uniqueEmail } from "./support/mailbox";

/** `count` finished batches, one a minute apart, named batch-01.csv (oldest) to batch-NN.csv (newest). */
async function seedBatches(email: string, count: number): Promise<void> {
  await withDatabase(async (client) => {
    await client.query(
      `INSERT INTO "Batch" (id, "userId", status, source, "fileCount", "totalBytes", "createdAt", "expiresAt", "updatedAt")
       SELECT 'pages-' || u.id || '-' || i, u.id, 'completed', 'api', 1, 100, now() - make_interval(mins => $2 - i), now() + interval '30 days', now()
       FROM "User" u, generate_series(1, $2::int) AS i WHERE u.email = $1`,
      [email, count],
    );
    await client.query(
      `INSERT INTO "Job" (id, "batchId", position, "originalName", "storageKey", bytes, sha256, status, "updatedAt")
       SELECT b.id || '-f', b.id, 0, 'batch-' || lpad(split_part(b.id, '-', 3), 2, '0') || '.csv', 'k/' || b.id, 100, repeat('0', 64), 'completed', now()
       FROM "Batch" b JOIN "User" u ON u.id = b."userId" WHERE u.email = $1`,
      [email],
    );
  });
}

async function batchNames(page: Page): Promise<string[]> {
  return page.getByRole("table").getByRole("link").allTextContents();
}

const names = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, index) => `batch-${String(from - index).padStart(2, "0")}.csv`);

test("the dashboard pages through many batches with Older and Newer, and shrugs off an edited cursor", async ({ page }) => {
  const email = uniqueEmail("pages");
  await signIn(page, email);
  await seedBatches(email, 45);
  const pages = page.getByRole("navigation", { name: "Batch list pages" });

  await page.goto("/dashboard");
  expect(await batchNames(page)).toEqual(names(45, 26));
  await expect(pages.getByRole("link", { name: "Newer batches" })).toHaveCount(0);

  await pages.getByRole("link", { name: "Older batches" }).click();
  await expect(page.getByRole("table").getByRole("link").first()).toHaveText("batch-25.csv");
  expect(await batchNames(page)).toEqual(names(25, 6));

  await pages.getByRole("link", { name: "Older batches" }).click();
  await expect(page.getByRole("table").getByRole("link").first()).toHaveText("batch-05.csv");
  expect(await batchNames(page)).toEqual(names(5, 1));
  await expect(pages.getByRole("link", { name: "Older batches" })).toHaveCount(0);

  await pages.getByRole("link", { name: "Newer batches" }).click();
  await expect(page.getByRole("table").getByRole("link").first()).toHaveText("batch-25.csv");
  expect(await batchNames(page)).toEqual(names(25, 6));

  await pages.getByRole("link", { name: "Newest" }).click();
  await expect(page.getByRole("table").getByRole("link").first()).toHaveText("batch-45.csv");

  // A cursor someone typed or truncated shows the first page, not an error.
  const response = await page.goto("/dashboard?cursor=not-a-cursor");
  expect(response?.status()).toBe(200);
  expect(await batchNames(page)).toEqual(names(45, 26));
});
