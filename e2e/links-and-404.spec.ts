// Links people open from emails and addresses they type: a signed-out download link
// goes through sign-in and still downloads, a 127.0.0.1 visit signs in on APP_URL's
// one origin, unknown pages are the app's own 404 with a way home, and the favicon
// is there.
import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { openLatestMessageTo, requestSignInLink, signIn, uniqueEmail } from "./support/mailbox";
import { uploadAndWait } from "./support/notifications";
import { E2E_BASE_URL, E2E_PORT } from "./support/settings";

test("the email's Download cleaned CSV, opened signed out, goes through sign-in and downloads the file", async ({ page, browser }) => {
  const email = uniqueEmail("emailed");
  await signIn(page, email);
  await uploadAndWait(page, "emailed.csv");
  let downloadUrl = "";
  await expect(async () => {
    await openLatestMessageTo(page, email);
    downloadUrl = (await page.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Download cleaned CSV" }).getAttribute("href")) ?? "";
    expect(downloadUrl).toMatch(/\/api\/batches\/\w+\/files\/\w+\/cleaned$/);
  }).toPass({ timeout: 20_000 });

  // The same person on another device: no session.
  const phone = await browser.newContext();
  const signedOut = await phone.newPage();
  const response = await signedOut.goto(downloadUrl);
  expect(response?.status()).toBe(200);
  const path = new URL(downloadUrl).pathname;
  await expect(signedOut).toHaveURL(`${E2E_BASE_URL}/sign-in?${new URLSearchParams({ callbackUrl: path })}`);
  await expect(signedOut.getByRole("heading", { name: "Sign in to Tidings" })).toBeVisible();
  await expect(signedOut.getByText("Sign in to download your file.")).toBeVisible();

  const link = await requestSignInLink(signedOut, email, signedOut.url().replace(E2E_BASE_URL, ""));
  await signedOut.goto(link);
  await expect(signedOut.getByText(/Your download starts as soon as you are signed in/)).toBeVisible();
  const download = signedOut.waitForEvent("download");
  await signedOut.getByRole("button", { name: "Sign in", exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("emailed-cleaned.csv");
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString("utf8");
  expect(text).toContain("ada@acme.com");
  await phone.close();
});

test("fetches of a session route keep the JSON 401", async ({ playwright }) => {
  const client = await playwright.request.newContext({ baseURL: E2E_BASE_URL });
  const response = await client.get("/api/batches/x/files/y/cleaned", { maxRedirects: 0, headers: { accept: "application/json" } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthorized");
  await client.dispose();
});

test("a visit on 127.0.0.1 moves to APP_URL's origin, and the sign-in holds there", async ({ page, request }) => {
  // Signed out on the alias: the proxy sends the page to sign-in there, sign-in to APP_URL.
  await page.goto(`http://127.0.0.1:${E2E_PORT}/settings`);
  await expect(page).toHaveURL(`${E2E_BASE_URL}/sign-in?callbackUrl=%2Fsettings`);
  const link = await requestSignInLink(page, uniqueEmail("loopback"), "/sign-in?callbackUrl=%2Fsettings");
  expect(new URL(link).origin).toBe(E2E_BASE_URL);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${E2E_BASE_URL}/settings`);
  // Scripts and health probes on the alias are answered where they asked.
  const health = await request.get(`http://127.0.0.1:${E2E_PORT}/api/health`, { maxRedirects: 0 });
  expect(health.status()).toBe(200);
});

async function expectTidingsNotFound(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  // One frame: inside the app's layout the 404 is a card in its <main>, not a second page.
  await expect(page.getByRole("main")).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);
}

test("an unknown page is the app's own 404 with a way home, signed out and signed in", async ({ page }) => {
  await expectTidingsNotFound(page, "/no-such-page");
  await expect(page).toHaveTitle("Page not found · Tidings");
  await page.getByRole("link", { name: "Go to Tidings" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn(page, uniqueEmail("lost"));
  await expectTidingsNotFound(page, "/admin");
  await page.getByRole("link", { name: "Go to Tidings" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("the favicon and app icons are served, and the dashboard loads without a 404", async ({ page, request }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);

  const notFound: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 404) notFound.push(response.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" && /404/.test(message.text())) notFound.push(message.text());
  });
  await signIn(page, uniqueEmail("icons"));
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const rel of ["icon", "apple-touch-icon"]) {
    const href = await page.locator(`head link[rel="${rel}"]`).first().getAttribute("href");
    expect((await request.get(href ?? "")).status(), rel).toBe(200);
  }
  expect(notFound).toEqual([]);
});
