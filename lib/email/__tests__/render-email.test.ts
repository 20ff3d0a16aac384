import { render, toPlainText } from "@react-email/render";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import AdminAlertEmail from "@/emails/admin-alert";
import BatchCompletedEmail from "@/emails/batch-completed";
import BatchFailedEmail from "@/emails/batch-failed";
import BatchPartialEmail from "@/emails/batch-partial";
import DigestEmail from "@/emails/digest";
import MagicLinkEmail from "@/emails/magic-link";
import ResultsExpiringEmail from "@/emails/results-expiring";
import { htmlToPlainText, renderEmail } from "../render-email";

const templates = [
  ["magic-link", createElement(MagicLinkEmail, MagicLinkEmail.PreviewProps)],
  ["batch-completed", createElement(BatchCompletedEmail, BatchCompletedEmail.PreviewProps)],
  ["batch-partial", createElement(BatchPartialEmail, BatchPartialEmail.PreviewProps)],
  ["batch-failed", createElement(BatchFailedEmail, BatchFailedEmail.PreviewProps)],
  ["digest", createElement(DigestEmail, DigestEmail.PreviewProps)],
  ["results-expiring", createElement(ResultsExpiringEmail, ResultsExpiringEmail.PreviewProps)],
  ["admin-alert", createElement(AdminAlertEmail, AdminAlertEmail.PreviewProps)],
] as const;

describe("renderEmail", () => {
  // The text converter is compiled once for speed; it must stay the library's own.
  it.each(templates)("gives %s the same HTML and text as render() and toPlainText()", async (_name, element) => {
    const expectedHtml = await render(element);
    const { html, text } = await renderEmail(element);
    expect(html).toBe(expectedHtml);
    expect(text).toBe(toPlainText(expectedHtml));
    expect(text.length).toBeGreaterThan(100);
  });

  it("converts links, skipped elements and table cells the way toPlainText() does", () => {
    const html =
      '<div data-skip-in-text="true">hidden preview</div><p>Hello <a href="https://x.example/a">open</a> ' +
      '<a href="https://x.example/b">https://x.example/b</a></p><img alt="logo" src="l.png"/>' +
      "<table><tr><td>Valid</td><td>9,812</td></tr></table>";
    const text = htmlToPlainText(html);
    expect(text).toBe(toPlainText(html));
    expect(text).not.toContain("hidden preview");
    expect(text).not.toContain("logo");
    expect(text).toContain("open https://x.example/a");
    expect(text).not.toContain("[");
  });
});
