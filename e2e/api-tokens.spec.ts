import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { signIn, uniqueEmail } from "./support/mailbox";

test("create an API token in Settings, use it, revoke it", async ({ page, request }) => {
  await signIn(page, uniqueEmail("api-token"));
  await page.goto("/settings");

  await page.getByLabel("Token name").fill("CI import");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokenField = page.getByLabel("Your new API token");
  await expect(tokenField).toHaveValue(/^tdg_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByText("This is the only time it is shown.")).toBeVisible();
  const token = await tokenField.inputValue();
  await expectNoSeriousA11yViolations(page);

  const row = page.getByRole("row", { name: /CI import/ });
  await expect(row).toContainText(token.slice(0, 8));
  await expect(row).toContainText("Never");

  const listed = await request.get("/api/v1/batches", { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status()).toBe(200);
  expect(await listed.json()).toMatchObject({ items: [], nextCursor: null });

  await row.getByText("Revoke…").click();
  await row.getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByRole("row", { name: /CI import/ })).toHaveCount(0);

  const refused = await request.get("/api/v1/batches", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
});

test("the API page is public and accessible", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "Tidings API" })).toBeVisible();
  await expect(page.getByRole("link", { name: "OpenAPI 3.1 document" })).toHaveAttribute("href", "/api/v1/openapi.json");
  // What the result files hold, down to each reason code.
  await expect(page.getByRole("heading", { level: 2, name: "Result files" })).toBeVisible();
  await expect(page.getByRole("row", { name: /alias_duplicate duplicate/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Row issues" }).getByRole("row", { name: /^missing_quotes A quote/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});
