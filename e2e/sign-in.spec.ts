import { expect, test } from "@playwright/test";
import { withDatabase } from "./support/database";
import { openLatestMessageTo, requestSignInLink, signInLinkOfOpenMessage, uniqueEmail } from "./support/mailbox";
import { SIGN_IN_LIMIT_PER_EMAIL } from "./support/settings";

test("a newcomer signs in through the dev mailbox and signs out", async ({ page }) => {
  const email = uniqueEmail("newcomer");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();

  await page.getByRole("link", { name: "Open the dev mailbox" }).click();
  await openLatestMessageTo(page, email);
  await expect(page.getByRole("heading", { name: "Your Tidings sign-in link" })).toBeVisible();
  await expect(page.getByText("List-Unsubscribe")).toHaveCount(0);
  const link = await signInLinkOfOpenMessage(page);

  // The link lands on a confirmation page; only the button signs in.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Sign in to Tidings" })).toBeVisible();
  await expect(page.getByText(`Continue as ${email}`)).toBeVisible();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText(email);
  await expect(page.getByRole("heading", { name: "No batches yet" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
  await expect(page.getByText(email).first()).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?signedOut=1/);
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fdashboard/);
});

test("a signed-out visit to an app page comes back there after sign-in", async ({ page }) => {
  const email = uniqueEmail("deep-link");
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings/);

  const link = await requestSignInLink(page, email, page.url());
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
});

test("a used link shows a clear page instead of signing in again", async ({ page, context }) => {
  const email = uniqueEmail("reused");
  const link = await requestSignInLink(page, email);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await context.clearCookies();

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-in link was already used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Send me a new link" })).toBeVisible();

  // Going straight to Auth.js' callback with the spent token lands on our error page.
  const params = new URL(link).searchParams;
  await page.goto(`/api/auth/callback/email?${params}`);
  await expect(page).toHaveURL(/\/sign-in\/error/);
  await expect(page.getByRole("heading", { name: "This sign-in link no longer works" })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an expired link shows a clear page and offers a new one", async ({ page }) => {
  const email = uniqueEmail("expired");
  const link = await requestSignInLink(page, email);
  await withDatabase((client) =>
    client.query(`UPDATE "VerificationToken" SET expires = now() - interval '1 hour' WHERE identifier = $1`, [email]),
  );

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This sign-in link has expired" })).toBeVisible();
  await page.getByRole("link", { name: "Send me a new link" }).click();
  await expect(page.getByLabel("Email address")).toHaveValue(email);
});

test("too many sign-in requests for one address get a clear message and no email", async ({ page }) => {
  const email = uniqueEmail("limited");
  for (let attempt = 0; attempt < SIGN_IN_LIMIT_PER_EMAIL; attempt += 1) {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  }

  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "We already sent several sign-in links" })).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(email);

  const stored = await withDatabase(async (client) => {
    const result = await client.query(`SELECT count(*)::int AS n FROM "MailboxMessage" WHERE $1 = ANY("to")`, [email]);
    return result.rows[0].n as number;
  });
  expect(stored).toBe(SIGN_IN_LIMIT_PER_EMAIL);
});

test("an invalid address is explained next to the field", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("not-an-address");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByText("Enter a valid email address, like you@example.com.")).toBeVisible();
});

test("Auth.js' own sign-in endpoint applies the same address check and rate limit", async ({ request }) => {
  const email = uniqueEmail("direct");
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const post = (address: string) =>
    request.post("/api/auth/signin/email", { form: { email: address, csrfToken }, maxRedirects: 0 });

  const invalid = await post(`${email},attacker@example.com`);
  expect(invalid.status()).toBe(422);
  expect(await invalid.json()).toMatchObject({ error: { code: "validation_failed" } });

  for (let attempt = 0; attempt < SIGN_IN_LIMIT_PER_EMAIL; attempt += 1) {
    const accepted = await post(email);
    expect(accepted.status()).toBe(302);
    expect(accepted.headers().location).toMatch(/\/verify-request|\/sign-in\/check-email/);
  }
  const limited = await post(email.toUpperCase());
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
});
