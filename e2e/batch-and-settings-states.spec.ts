// States that mean what they say, on the batch page and in the upload form: a failed
// file is not a full progress bar, a batch that verified nothing says why instead of
// showing zero cards, the results bar reads like the cards, the email notice says what
// will happen, and the upload options come before the drop zone.
import { expect, test, type Page } from "@playwright/test";
import { withDatabase } from "./support/database";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { chooseFiles } from "./support/upload";

const notACsv = "Dear team,\nplease find the minutes of our meeting below.\nNothing here is a list.\n";
// Valid, an invalid address, a duplicate and a role address (risky), in an order that reaches risky first.
const mixedCsv = ["email", "info@acme-mail.com", "ada@acme-mail.com", "not-an-address", "ADA@acme-mail.com", "grace@acme-mail.com"].join("\n");

const viewports = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
];

async function uploadAndSettle(page: Page, name: string, body: string, status: string): Promise<void> {
  await chooseFiles(page, [{ name, mimeType: "text/csv", buffer: Buffer.from(body) }]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", status, { timeout: 30_000 });
}

for (const viewport of viewports) {
  test.describe(`at ${viewport.width} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("a failed batch says why, with no progress bar and no zero cards", async ({ page }) => {
      await signIn(page, uniqueEmail(`failed-${viewport.name}`));
      await uploadAndSettle(page, "minutes.csv", notACsv, "failed");

      const row = page.getByTestId("batch-file");
      await expect(row.getByTestId("file-progress")).toHaveText("Stopped: failed");
      await expect(page.getByRole("progressbar")).toHaveCount(0);
      const reason = page.getByTestId("batch-nothing-verified");
      await expect(reason).toBeVisible();
      await expect(reason).toContainText("Nothing was verified: the file could not be read. No column holds email addresses");
      await expect(page.getByText("Rows", { exact: true })).toHaveCount(1); // the table's column, not a card
      await expect(page.getByText("Valid", { exact: true })).toHaveCount(0);
    });

    test("the results bar runs in the cards' order and colours, with a legend", async ({ page }) => {
      await signIn(page, uniqueEmail(`chart-${viewport.name}`));
      await uploadAndSettle(page, "mixed.csv", mixedCsv, "completed");

      const cards = page.locator("section[aria-labelledby=stats-title] span.muted");
      await expect(cards).toHaveText(["Rows", "Valid", "Risky", "Invalid", "Duplicates"]);
      const chart = page.getByTestId("verdict-chart");
      await expect(chart.getByRole("listitem")).toHaveText([/^Valid: \d+$/, /^Risky: \d+$/, /^Invalid: 1$/, /^Duplicates: 1$/]);
      await expect(chart.getByRole("img")).toHaveAccessibleName(/^Verdicts of 5 rows: Valid: \d+, Risky: \d+, Invalid: 1, Duplicates: 1$/);
      // The bar's parts go left to right in the same order as the cards.
      const parts = await chart.locator("rect[data-verdict]").evaluateAll((rects) => rects.map((rect) => rect.getAttribute("data-verdict")));
      const order = ["valid", "risky", "invalid", "duplicate"];
      expect(parts).toEqual(order.filter((verdict) => parts.includes(verdict)));
      // Each card's swatch has the colour of its part of the bar.
      const fill = (locator: ReturnType<Page["locator"]>) => locator.evaluate((element) => getComputedStyle(element).fill);
      const cardSwatch = page.locator("section[aria-labelledby=stats-title] span.muted", { hasText: "Invalid" }).locator("rect");
      expect(await fill(cardSwatch)).toBe(await fill(chart.locator('rect[data-verdict="invalid"]')));
    });

    test("notification settings save as they change, with Saved beside the control", async ({ page }) => {
      await signIn(page, uniqueEmail(`saving-${viewport.name}`));
      await page.goto("/settings/notifications");
      await expect(page.getByRole("button", { name: "Save", exact: true })).toHaveCount(0);

      await page.getByLabel("Email: batch succeeded").uncheck();
      await expect(page.getByTestId("save-status-channels")).toHaveText("Saved");

      const quietOn = page.getByLabel("From … to …");
      await quietOn.check();
      const status = page.getByTestId("save-status-quiet");
      await expect(status).toHaveText("Saved");
      await expect(page.getByTestId("save-status-channels")).toHaveText("");
      const [control, notice] = await Promise.all([quietOn.boundingBox(), status.boundingBox()]);
      // Beside the control, not at the foot of the page (it was ~1,500 px away).
      expect(control && notice && Math.abs(control.y - notice.y) < 200).toBe(true);

      const cap = page.getByLabel("Daily cap");
      await cap.fill("20");
      await cap.press("Enter");
      await expect(page.getByTestId("save-status-limits")).toHaveText("Saved");
      await page.reload();
      await expect(page.getByLabel("Daily cap")).toHaveValue("20");
      await expect(page.getByLabel("Email: batch succeeded")).not.toBeChecked();
    });

    test("the upload options come before the drop zone", async ({ page }) => {
      await signIn(page, uniqueEmail(`options-${viewport.name}`));
      const column = page.getByLabel("Email column");
      const notify = page.getByLabel("Email me when done");
      const zone = page.locator("label", { hasText: "Drop CSV files here" });
      await expect(page.getByLabel(/Drop CSV files here/)).toBeEnabled();
      const [columnBox, notifyBox, zoneBox] = await Promise.all([column.boundingBox(), notify.boundingBox(), zone.boundingBox()]);
      expect(columnBox && zoneBox && columnBox.y + columnBox.height <= zoneBox.y).toBe(true);
      expect(notifyBox && zoneBox && notifyBox.y + notifyBox.height <= zoneBox.y).toBe(true);
      // And in the order a keyboard reaches them.
      const order = await page.evaluate(() => {
        const focusable = [...document.querySelectorAll<HTMLElement>("input, select")].map((element) => element.id);
        return focusable;
      });
      const columnId = await column.getAttribute("id");
      const zoneId = await page.getByLabel(/Drop CSV files here/).getAttribute("id");
      expect(order.indexOf(columnId ?? "")).toBeLessThan(order.indexOf(zoneId ?? ""));
    });
  });
}

test("a cancelled file and batch say cancelled", async ({ page }) => {
  await signIn(page, uniqueEmail("cancelled"));
  await uploadAndSettle(page, "minutes.csv", notACsv, "failed");
  const batchId = page.url().split("/").pop();
  // A cancel lands only while a file waits in the queue; arrange its end state directly (BatchFile is the table "Job").
  await withDatabase(async (client) => {
    await client.query(`UPDATE "Job" SET status = 'cancelled', error = NULL WHERE "batchId" = $1`, [batchId]);
    await client.query(`UPDATE "Batch" SET status = 'cancelled' WHERE id = $1`, [batchId]);
  });
  await page.reload();
  await expect(page.getByTestId("batch-file").getByTestId("file-progress")).toHaveText("Stopped: cancelled");
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await expect(page.getByTestId("batch-nothing-verified")).toHaveText("Nothing was verified: the batch was cancelled before any rows were read.");
});

test("the batch page's email notice says what will happen under the person's settings", async ({ page }) => {
  await signIn(page, uniqueEmail("notice"));
  await page.goto("/settings/notifications");
  await page.getByLabel("Email: batch succeeded").uncheck();
  await expect(page.getByRole("status").filter({ hasText: "Saved" })).toBeVisible();
  await page.goto("/dashboard");
  await uploadAndSettle(page, "list.csv", ["email", "ada@acme-mail.com"].join("\n"), "completed");
  await expect(page.getByTestId("batch-email-notice")).toHaveText(
    "Email: only on failure, right away; success emails are turned off in your notification settings (your default)",
  );
});

test("opening a notification from the list opens its batch and marks it read", async ({ page }) => {
  await signIn(page, uniqueEmail("bell"));
  await uploadAndSettle(page, "list.csv", ["email", "ada@acme-mail.com"].join("\n"), "completed");
  const batchUrl = page.url();
  const bell = page.getByTestId("notification-bell");
  await expect
    .poll(
      async () => {
        await page.reload();
        return bell.textContent();
      },
      { timeout: 15_000 },
    )
    .toContain("1 unread");

  await bell.click();
  const notification = page.getByTestId("notification");
  await expect(notification).toHaveCount(1);
  await expect(notification).toContainText("New");
  await notification.getByTestId("open-notification").click();
  await expect(page).toHaveURL(batchUrl);
  await expect(bell).not.toContainText("unread");

  await page.goto("/notifications");
  await expect(notification).not.toContainText("New");
  await expect(notification).toContainText("Read");
});

test.describe("at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the dev mailbox shows the whole email, footer included, without scrolling inside the frame", async ({ page }) => {
    const email = uniqueEmail("mailbox");
    await signIn(page, email);
    await uploadAndSettle(page, "list.csv", ["email", "ada@acme-mail.com", "grace@acme-mail.com"].join("\n"), "completed");
    await expect
      .poll(async () => {
        await page.goto("/dev/mailbox");
        return page.getByRole("row").filter({ hasText: email }).count();
      })
      .toBe(2); // the sign-in link, then the batch's outcome email
    await openLatestMessageTo(page, email);

    const frame = page.getByTestId("email-frame");
    const heights = () =>
      frame.evaluate((element: HTMLIFrameElement) => ({
        frame: element.clientHeight,
        email: element.contentDocument?.readyState === "complete" && element.contentDocument.URL !== "about:blank" ? element.contentDocument.documentElement.scrollHeight : 0,
      }));
    // Once the email has loaded: taller than the old fixed 640 px at this width, and the frame as tall as it.
    await expect.poll(async () => (await heights()).email).toBeGreaterThan(640);
    await expect.poll(async () => { const { frame: shown, email: whole } = await heights(); return shown >= whole; }).toBe(true);
    // The footer is in the page's own scroll: scrolled to, it is on screen.
    const footer = page.frameLocator("[data-testid=email-frame]").getByRole("link", { name: /unsubscribe/i }).first();
    await footer.scrollIntoViewIfNeeded();
    await expect(footer).toBeInViewport();
  });
});
