// Every email at a phone's width: rendered with the real renderer, opened in Chromium
// 390 px wide, nothing may be wider than the screen (a long URL once made one 434 px).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "@playwright/test";
import { createElement, type ComponentType } from "react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderEmail } from "../../lib/email/render-email";

const PHONE_WIDTH = 390;
const emailsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const templates = readdirSync(emailsDir).filter((name) => name.endsWith(".tsx"));

// Real links are longer than the samples': a real host and port, a 25-character id, a signed token.
const LONG_URL = "https://tidings.acme-mail.com:3932/batches/cm4z8k2q90000x7l3h5f9b2wd/files/cm4z8k2qa0001x7l3r8t6y1pe/cleaned?token=eyJhbGciOiJIUzI1NiJ9";

function withLongUrls(props: Record<string, unknown>): Record<string, unknown> {
  const longer = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(longer);
    if (value && typeof value === "object" && !(value instanceof Date)) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, /url$/i.test(key) && typeof inner === "string" ? LONG_URL : longer(inner)]));
    }
    return value;
  };
  return longer(props) as Record<string, unknown>;
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
});
afterAll(async () => {
  await browser?.close();
});

describe("every email at 390 px", () => {
  it("finds the templates", () => {
    expect(templates.length).toBeGreaterThanOrEqual(8);
  });

  it.each(templates)("%s fits the screen without sideways scrolling", async (file) => {
    const template = (await import(path.join(emailsDir, file))) as { default: ComponentType<Record<string, unknown>> & { PreviewProps: Record<string, unknown> } };
    const { html } = await renderEmail(createElement(template.default, withLongUrls(template.default.PreviewProps)));
    const page = await browser.newPage({ viewport: { width: PHONE_WIDTH, height: 800 } });
    try {
      await page.setContent(html);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `${file} is ${scrollWidth} px wide at ${PHONE_WIDTH} px`).toBeLessThanOrEqual(PHONE_WIDTH);
    } finally {
      await page.close();
    }
  });
});
