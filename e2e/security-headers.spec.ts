// Every kind of answer carries the security headers (pages, redirects, API JSON and
// its errors, 404s, CSV downloads, unsubscribe links, email preview frames, static
// files), and a person's whole journey in the browser runs under the strict
// Content-Security-Policy without a single violation. Plain http here: HSTS and
// the https-only parts are checked by `npm run scan:headers` (scripts/scan-headers.ts).
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { openLatestMessageTo, signIn, uniqueEmail } from "./support/mailbox";
import { headerValue, uploadAndWait } from "./support/notifications";

type Framing = "deny" | "same-origin";

/** The headers every answer from the app carries; `kind` names the answer in failures. */
function expectSecurityHeaders(response: APIResponse, kind: string, framing: Framing = "deny") {
  const headers = response.headers();
  expect.soft(headers["x-content-type-options"], kind).toBe("nosniff");
  expect.soft(headers["referrer-policy"], kind).toBe("same-origin");
  expect.soft(headers["x-frame-options"], kind).toBe(framing === "deny" ? "DENY" : "SAMEORIGIN");
  expect.soft(headers["strict-transport-security"], `${kind}: no HSTS over plain http`).toBeUndefined();
  const policy = directives(headers["content-security-policy"] ?? "");
  expect.soft(policy.get("default-src"), kind).toEqual(["'none'"]);
  expect.soft(policy.get("frame-ancestors"), kind).toEqual([framing === "deny" ? "'none'" : "'self'"]);
  expect.soft(policy.get("object-src"), kind).toEqual(["'none'"]);
  expect.soft(policy.get("base-uri"), kind).toEqual(["'none'"]);
  expect.soft(policy.has("form-action"), kind).toBe(true);
  expect.soft(policy.get("script-src") ?? [], kind).not.toContain("'unsafe-inline'");
  // Only an email in its frame may use inline styles: that is what emails are made of.
  if (framing === "deny") expect.soft(policy.get("style-src") ?? [], kind).not.toContain("'unsafe-inline'");
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name ?? "", sources]),
  );
}

function nonceOf(response: APIResponse): string {
  const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1];
  if (!nonce) throw new Error(`${response.url()} has no nonce in its Content-Security-Policy`);
  return nonce;
}

/** Every inline or external <script> of a page carries this response's nonce. */
async function expectScriptsCarryNonce(response: APIResponse) {
  const nonce = nonceOf(response);
  const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
}

test("signed out: pages, redirects, API answers and errors, 404s, unsubscribe links and static files", async ({ request }) => {
  const signInPage = await request.get("/sign-in");
  expect(signInPage.status()).toBe(200);
  expectSecurityHeaders(signInPage, "sign-in page");
  await expectScriptsCarryNonce(signInPage);
  // A fresh nonce per request, or it protects nothing.
  expect(nonceOf(await request.get("/sign-in"))).not.toBe(nonceOf(signInPage));

  const answers: [string, Promise<APIResponse>, number][] = [
    ["home page", request.get("/", { maxRedirects: 0 }), -1],
    ["API docs page", request.get("/docs/api"), 200],
    ["redirect to sign-in", request.get("/dashboard", { maxRedirects: 0 }), 307],
    ["health JSON", request.get("/api/health"), 200],
    ["OpenAPI document", request.get("/api/v1/openapi.json"), 200],
    ["API 401 error", request.get("/api/v1/batches"), 401],
    ["dashboard API 401 error", request.get("/api/batches"), 401],
    ["Next.js 404 page", request.get("/no-such-page"), 404],
    ["API 404", request.get("/api/no-such-route"), 404],
    ["invalid unsubscribe page", request.get("/u/eyJ2IjoxfQ.bm90LWEtc2lnbmF0dXJl"), 400],
    ["invalid one-click unsubscribe", request.post("/u/eyJ2IjoxfQ.bm90LWEtc2lnbmF0dXJl", { form: { "List-Unsubscribe": "One-Click" } }), 400],
  ];
  for (const [kind, pending, status] of answers) {
    const response = await pending;
    if (status !== -1) expect.soft(response.status(), kind).toBe(status);
    expectSecurityHeaders(response, kind);
  }

  // The invalid-link page is written by proxy.ts itself: its inline style needs the nonce too.
  const invalidLink = await request.get("/u/eyJ2IjoxfQ.bm90LWEtc2lnbmF0dXJl");
  expect(await invalidLink.text()).toContain(`<style nonce="${nonceOf(invalidLink)}">`);
  await expectScriptsCarryNonce(await request.get("/no-such-page"));

  // Static files skip the proxy; next.config.js gives them the request-independent headers.
  const asset = /\/_next\/static\/[^"]+\.js/.exec(await signInPage.text())?.[0];
  expect(asset, "the sign-in page loads a script from /_next/static").toBeDefined();
  const assetResponse = await request.get(asset ?? "");
  expect(assetResponse.status()).toBe(200);
  expect(assetResponse.headers()["x-content-type-options"]).toBe("nosniff");
  expect(assetResponse.headers()["referrer-policy"]).toBe("same-origin");
});

/** Chromium reports every refused script, style, frame or form target on the console. */
function collectPolicyViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|frame|connect|send form)/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}

async function expectPageHeaders(request: APIRequestContext, path: string, kind: string) {
  const response = await request.get(path, { maxRedirects: 0 });
  expect.soft(response.status(), kind).toBe(200);
  expectSecurityHeaders(response, kind);
  await expectScriptsCarryNonce(response);
}

test("signed in, through sign-in, upload, downloads, email previews and unsubscribe: headers everywhere, no policy violation", async ({ page }) => {
  const violations = collectPolicyViolations(page);
  const email = uniqueEmail("headers");
  // Sign-in page, dev mailbox, confirmation page and dashboard: each hydrates under the policy.
  await signIn(page, email);
  const batchUrl = await uploadAndWait(page, "headers.csv");
  // Loaded afresh, so the finished batch's results (and their chart) come from the server's HTML.
  await page.goto(batchUrl);
  await expect(page.getByRole("img", { name: /^Verdicts/ })).toBeVisible();
  const request = page.request;

  for (const [path, kind] of [
    ["/dashboard", "dashboard"],
    [new URL(batchUrl).pathname, "batch page"],
    ["/settings", "settings page"],
    ["/settings/notifications", "notification settings"],
    ["/notifications", "notifications page"],
    ["/dev/mailbox", "dev mailbox"],
  ] as const) {
    await expectPageHeaders(request, path, kind);
  }

  // The result downloads: CSV, and not framable or sniffable either.
  const downloads = page.getByTestId("batch-downloads");
  await downloads.getByRole("radio", { name: /Plain CSV/ }).check();
  const downloadHref = await downloads.getByRole("link", { name: /^Cleaned list of headers\.csv/ }).getAttribute("href");
  const download = await request.get(downloadHref ?? "");
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toContain("text/csv");
  expectSecurityHeaders(download, "CSV download");
  expectSecurityHeaders(await request.get("/api/batches"), "dashboard API JSON");

  // The outcome email in the dev mailbox: its HTML shows in our frame, with its own
  // styles, under the frame policy; the frame's address may be framed by us only.
  await expect(async () => {
    await openLatestMessageTo(page, email);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("headers.csv: 2 valid of 3");
  }).toPass({ timeout: 20_000 });
  const emailFrame = page.frameLocator("iframe");
  await expect(emailFrame.getByText("2 of 3 rows are valid.", { exact: true })).toBeVisible();
  // The preview text is hidden by an inline style: hidden here means the email's own styles apply.
  await expect(emailFrame.locator("[data-skip-in-text]").first()).toBeHidden();
  const frameSrc = (await page.locator("iframe").getAttribute("src")) ?? "";
  expectSecurityHeaders(await request.get(frameSrc), "dev mailbox email frame", "same-origin");
  expectSecurityHeaders(await request.get(new URL(page.url()).pathname), "dev mailbox message page");

  // The unsubscribe page of that email, and its one-click POST.
  const unsubscribeUrl = /^<(.+)>$/.exec((await headerValue(page, "List-Unsubscribe").textContent()) ?? "")?.[1] ?? "";
  const unsubscribePath = new URL(unsubscribeUrl).pathname;
  await expectPageHeaders(request, unsubscribePath, "unsubscribe page");
  await page.goto(unsubscribePath);
  await expect(page.getByRole("heading", { name: "Unsubscribe?" })).toBeVisible();
  const oneClick = await request.post(unsubscribePath, { form: { "List-Unsubscribe": "One-Click" }, maxRedirects: 0 });
  expect(oneClick.status()).toBe(200);
  expectSecurityHeaders(oneClick, "one-click unsubscribe");

  // The email previews of the settings, framed the same way.
  await page.goto("/settings/notifications/preview");
  await expect(page.frameLocator("iframe").locator("body")).not.toBeEmpty();
  expectSecurityHeaders(await request.get("/settings/notifications/preview/html?template=batch-completed"), "settings email frame", "same-origin");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  expect(violations).toEqual([]);
});
