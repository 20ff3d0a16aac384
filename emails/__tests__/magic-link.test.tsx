import { describe, expect, it } from "vitest";
import { renderEmail } from "../../lib/email/render-email";
import MagicLinkEmail from "../magic-link";

const url = "https://tidings.example/api/auth/callback/email?token=abc123&email=alex%40example.com";

describe("MagicLinkEmail", () => {
  it("carries the sign-in link in the HTML, as the button and as copyable text", async () => {
    const { html } = await renderEmail(<MagicLinkEmail url={url} host="tidings.example" expiresInHours={24} />);
    const escapedUrl = url.replaceAll("&", "&amp;");
    expect(html).toContain(`href="${escapedUrl}"`);
    expect(html).toContain("Sign in to Tidings");
    // The link appears twice as an href (button + text link) and once as visible text.
    expect(html.split(`href="${escapedUrl}"`).length - 1).toBe(2);
    expect(html).toContain(`>${escapedUrl}</a>`);
  });

  it("has a plain-text version with the link, the expiry and no markup", async () => {
    const { text } = await renderEmail(<MagicLinkEmail url={url} host="tidings.example" expiresInHours={24} />);
    expect(text).toContain(url);
    expect(text).toContain("expires in 24 hours");
    expect(text).toContain("can be used once");
    expect(text).toContain("If you didn't ask for this, ignore this email.");
    expect(text).not.toMatch(/<\/?[a-z][^>]*>/i);
  });

  it("shows the hours it was given, not a fixed number", async () => {
    const { html, text } = await renderEmail(<MagicLinkEmail url={url} host="tidings.example" expiresInHours={3} />);
    expect(text).toContain("expires in 3 hours");
    expect(html).toContain("3 hours");
    expect(text).not.toContain("24 hours");
  });

  it("has no unsubscribe link: sign-in mail is transactional", async () => {
    const { html, text } = await renderEmail(<MagicLinkEmail {...MagicLinkEmail.PreviewProps} />);
    expect(html.toLowerCase()).not.toContain("unsubscribe");
    expect(text.toLowerCase()).not.toContain("unsubscribe");
  });
});
