// The consent request an extra recipient gets: who asks, how to answer, and nothing
// else — in HTML and plain text, with the shared footer's opt-out link.
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../lib/email/render-email";
import RecipientConsentEmail from "../recipient-consent";

const props = {
  ownerEmail: "sam@acme-mail.com",
  answerUrl: "https://tidings.acme-mail.com/r/tok.sig",
  neverAskUrl: "https://tidings.acme-mail.com/r/tok.sig?choice=never",
};

describe("RecipientConsentEmail", () => {
  it("names the asker and links the answer page and never-ask-again, in HTML and text", async () => {
    const { html, text } = await renderEmail(<RecipientConsentEmail {...props} />);
    for (const version of [html, text]) {
      expect(version).toContain("sam@acme-mail.com");
      expect(version).toContain("Nothing is sent to you unless you accept");
    }
    expect(html).toContain(`href="${props.answerUrl}"`);
    expect(html).toContain(`href="${props.neverAskUrl}"`);
    expect(text).toContain(props.answerUrl);
    expect(text).toContain(props.neverAskUrl);
    expect(`${html}${text}`.toLowerCase()).not.toContain("preview");
  });
});
