// Every page the way a person sees it, on a 390 px phone and a 1280 px desktop: signed
// out, signed in with nothing yet, signed in with a batch and its notifications, and as
// the operator. On each: nothing scrolls sideways, no console errors, no failed requests,
// and (on the phone, where the layouts change most) no serious accessibility violations.
// `npm run screenshots` runs this spec with TIDINGS_SCREENSHOTS_DIR set and keeps a
// full-page picture of every visit there: screenshots/<width>/<who>-<page>.png.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { openLatestMessageTo, requestSignInLink, signIn, uniqueEmail } from "./support/mailbox";
import { makeZip } from "../lib/verification/__tests__/support/make-zip";
import { E2E_ADMIN_EMAIL } from "./support/settings";
import { chooseFiles } from "./support/upload";

const PHONE = 390;
const DESKTOP = 1280;
const WIDTHS = [PHONE, DESKTOP] as const;
const screenshotsDir = process.env.TIDINGS_SCREENSHOTS_DIR;

// Real-looking domains: example.com and .test are invalid for the verifier.
const goodCsv = ["name,email", "Ada,ada@acme-mail.com", "Grace,grace@acme-mail.org", "Nobody,not-an-address", "Ada again,ADA@acme-mail.com"].join("\n");
const notACsv = "Dear team,\nplease find the minutes of our meeting below.\nNothing here is a list.\n";
// Risky rows (a role address, a typo of a big provider) and a repeat of the first file.
const riskyCsv = ["email;company", "info@acme-mail.com;Acme", "kim@gmial.com;Kim & Co", "grace@acme-mail.org;Grace again"].join("\n");

/** What went wrong in the browser since the last visit: console errors, failed and refused requests. */
function watchForProblems(page: Page) {
  const problems: string[] = [];
  // A page answered 404 on purpose (the not-found page) logs its own status: expected.
  const expected404s = new Set<string>();
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const url = message.location().url;
    const pathname = url ? new URL(url).pathname : "";
    // An email preview frame (…/html) is sandboxed without scripts on purpose; Chromium logs
    // each script it refuses there, the test tools' own included. Not a fault of the page.
    if (message.text().startsWith("Blocked script execution") && pathname.endsWith("/html")) return;
    if (message.text().includes("status of 404") && expected404s.has(pathname)) return;
    problems.push(`console error: ${message.text()} (${url})`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    // Navigating away cancels prefetches and streams still open: not a failure a person sees.
    if (request.failure()?.errorText === "net::ERR_ABORTED") return;
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() < 400) return;
    if (response.status() === 404 && expected404s.has(new URL(response.url()).pathname)) return;
    problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return {
    expect404(pathname: string) {
      expected404s.add(pathname);
    },
    takeAll(): string[] {
      return problems.splice(0, problems.length);
    },
  };
}

type Visit = { who: string; name: string; path?: string; expectedStatus?: number; skipFrames?: boolean };

/** Opens the page (or looks at the current one) at each width and checks what a person would notice. */
async function lookAt(page: Page, problems: ReturnType<typeof watchForProblems>, visit: Visit): Promise<void> {
  if (visit.expectedStatus === 404 && visit.path) problems.expect404(visit.path);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width === PHONE ? 844 : 900 });
    if (visit.path) {
      const response = await page.goto(visit.path);
      expect(response?.status(), `${visit.path} answers`).toBe(visit.expectedStatus ?? 200);
    }
    await page.waitForLoadState("load");
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, `${visit.who}/${visit.name} is ${scrollWidth} px wide at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
    expect(problems.takeAll(), `problems on ${visit.who}/${visit.name} at ${width} px`).toEqual([]);
    if (screenshotsDir) await page.screenshot({ path: path.join(screenshotsDir, String(width), `${visit.who}-${visit.name}.png`), fullPage: true });
    if (width === PHONE) await expectNoSeriousA11yViolations(page, { skipFrames: visit.skipFrames });
    // Both the screenshot and axe run scripts in every frame; a sandboxed email preview
    // refuses them and Chromium logs that. The page's own errors were collected above.
    problems.takeAll();
  }
}

test("signed out: sign-in, the mailbox and the API docs fit a phone", async ({ page }) => {
  const problems = watchForProblems(page);
  await lookAt(page, problems, { who: "signed-out", name: "sign-in", path: "/sign-in" });
  await lookAt(page, problems, { who: "signed-out", name: "api-docs", path: "/docs/api" });

  const email = uniqueEmail("newcomer");
  const link = await requestSignInLink(page, email);
  await lookAt(page, problems, { who: "signed-out", name: "mailbox-message", skipFrames: true });
  await lookAt(page, problems, { who: "signed-out", name: "mailbox", path: "/dev/mailbox" });
  await lookAt(page, problems, { who: "signed-out", name: "sign-in-confirm", path: new URL(link).pathname + new URL(link).search });
});

test("signed in with nothing yet: dashboard, notifications and settings fit a phone", async ({ page }) => {
  await signIn(page, uniqueEmail("empty"));
  const problems = watchForProblems(page);
  for (const [name, pagePath] of [
    ["dashboard", "/dashboard"],
    ["notifications", "/notifications"],
    ["settings", "/settings"],
    ["settings-notifications", "/settings/notifications"],
    ["email-previews", "/settings/notifications/preview"],
  ] as const) {
    await lookAt(page, problems, { who: "empty", name, path: pagePath, skipFrames: name === "email-previews" });
  }

  // The preferences grid on a phone: every channel's switch is on screen, none cut off.
  await page.setViewportSize({ width: PHONE, height: 844 });
  await page.goto("/settings/notifications");
  for (const channel of ["Email", "Webhook", "In the app"]) {
    const box = await page.getByLabel(`${channel}: batch succeeded`, { exact: false }).first().boundingBox();
    expect(box, `${channel} switch`).not.toBeNull();
    expect(box!.x + box!.width, `${channel} switch is on screen`).toBeLessThanOrEqual(PHONE);
  }
});

test("signed in with a batch: the batch page's downloads are on screen on a phone, and the log fits", async ({ page }) => {
  const email = uniqueEmail("newcomer");
  await signIn(page, email);
  // Two lists with flagged rows and a file that fails: every part of the batch page shows.
  await chooseFiles(page, [
    { name: "spring-campaign-leads-from-the-trade-fair.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) },
    { name: "crm-export.csv", mimeType: "text/csv", buffer: Buffer.from(riskyCsv) },
    { name: "minutes.txt", mimeType: "text/plain", buffer: Buffer.from(notACsv) },
  ]);
  await expect(page).toHaveURL(/\/batches\/\w+$/);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "partial", { timeout: 30_000 });
  const batchPath = new URL(page.url()).pathname;

  const problems = watchForProblems(page);
  await lookAt(page, problems, { who: "with-data", name: "batch", path: batchPath });

  // What a person came for, without scrolling sideways: every download inside the screen.
  await page.setViewportSize({ width: PHONE, height: 844 });
  const fileName = "spring-campaign-leads-from-the-trade-fair.csv";
  for (const name of ["Merged cleaned list", "Merged report", `Cleaned list of ${fileName}`, `Report of ${fileName}`]) {
    const download = page.getByTestId("batch-downloads").getByRole("link", { name }).first();
    await expect(download).toBeVisible();
    const box = await download.boundingBox();
    expect(box!.x + box!.width, `${name} is on screen`).toBeLessThanOrEqual(PHONE);
  }

  for (const [name, pagePath] of [
    ["dashboard", "/dashboard"],
    ["notifications", "/notifications"],
    ["settings-notifications", "/settings/notifications"],
  ] as const) {
    await lookAt(page, problems, { who: "with-data", name, path: pagePath });
  }

  // The batch list on a phone: each batch's status is on screen, not scrolled off the side.
  await page.setViewportSize({ width: PHONE, height: 844 });
  await page.goto("/dashboard");
  const status = await page.locator("table [data-status]").first().boundingBox();
  expect(status!.x + status!.width, "the batch's status is on screen").toBeLessThanOrEqual(PHONE);
  await openLatestMessageTo(page, email);
  await lookAt(page, problems, { who: "with-data", name: "mailbox-message", skipFrames: true });

  // The upload flow's answer to a drop with a refused file: the zip of two lists is named, with why.
  await page.goto("/dashboard");
  const twoLists = makeZip([
    { name: "march/leads.csv", content: goodCsv },
    { name: "march/customers.csv", content: goodCsv },
  ]);
  await chooseFiles(page, [
    { name: "april.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) },
    { name: "march-exports.zip", mimeType: "application/zip", buffer: twoLists },
  ]);
  await expect(page.getByRole("list", { name: "Not uploaded" })).toContainText('"march-exports.zip" holds several lists');
  await lookAt(page, problems, { who: "with-data", name: "upload-refused" });
});

test("the operator: the admin page and its delivery search fit a phone", async ({ page }) => {
  await signIn(page, E2E_ADMIN_EMAIL);
  await chooseFiles(page, [{ name: "ops.csv", mimeType: "text/csv", buffer: Buffer.from(goodCsv) }]);
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  const problems = watchForProblems(page);
  await lookAt(page, problems, { who: "admin", name: "admin", path: "/admin" });
  await lookAt(page, problems, { who: "admin", name: "admin-delivery-search", path: `/admin?recipient=${encodeURIComponent(E2E_ADMIN_EMAIL)}` });
});
