// Accessibility check of the page as it is now: no serious or critical violations.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * `skipFrames`: leave out iframes whose content is not the app's own — a sandboxed
 * email preview, which runs no scripts, so axe could never report back from it.
 */
export async function expectNoSeriousA11yViolations(page: Page, { skipFrames = false } = {}): Promise<void> {
  // Next streams a dynamic page's <title> after its body: judge the page once it is in,
  // as a person's browser tab would show it, not in the instant before.
  await expect(page).toHaveTitle(/\S/);
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (skipFrames) builder = builder.exclude("iframe");
  const results = await builder.analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(serious, `accessibility violations on ${page.url()}`).toEqual([]);
}
