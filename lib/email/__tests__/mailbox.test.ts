// sendEmail → dev mailbox → the queries the mailbox pages use. Needs the test database.
import { randomUUID } from "node:crypto";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import MagicLinkEmail from "../../../emails/magic-link";
import { clearMailbox, extractLinks, getMailboxMessage, htmlForPreview, listMailboxMessages } from "../mailbox";
import { sendEmail } from "../send-email";
import { createMailboxTransport } from "../transports";

// Unique per run so parallel test files sharing the database never see each other's mail.
const recipient = () => `mailbox-${randomUUID()}@example.com`;
const magicUrl = "http://localhost:3000/api/auth/callback/email?token=tok_123&email=alex%40example.com";
const magicLinkEmail = (url: string) => createElement(MagicLinkEmail, { url, host: "localhost:3000", expiresInHours: 24 });

describe("dev mailbox", () => {
  it("stores what sendEmail sent, with HTML, text and headers", async () => {
    const to = recipient();
    const result = await sendEmail(
      {
        to,
        subject: "Sign in to Tidings",
        react: magicLinkEmail(magicUrl),
        headers: { "X-Entity-Ref-ID": "ref_1" },
        tags: [{ name: "category", value: "sign_in" }],
        idempotencyKey: "delivery_1",
      },
      createMailboxTransport(),
    );

    expect(result.transport).toBe("mailbox");
    const stored = await getMailboxMessage(result.providerMessageId);
    expect(stored).not.toBeNull();
    expect(stored?.to).toEqual([to]);
    expect(stored?.subject).toBe("Sign in to Tidings");
    expect(stored?.from).toMatch(/@/);
    expect(stored?.html).toContain("Sign in to Tidings");
    expect(stored?.html).toContain(magicUrl.replaceAll("&", "&amp;"));
    expect(stored?.text).toContain(magicUrl);
    expect(stored?.text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(stored?.headers).toEqual({
      "X-Entity-Ref-ID": "ref_1",
      "Idempotency-Key": "delivery_1",
      "X-Tidings-Tags": "category=sign_in",
    });
    expect(stored?.createdAt).toBeInstanceOf(Date);
  });

  it("lists newest first, filters by recipient, and clears", async () => {
    const to = recipient();
    const other = recipient();
    const transport = createMailboxTransport();
    const send = (address: string, subject: string) =>
      sendEmail({ to: address, subject, react: createElement(MagicLinkEmail, MagicLinkEmail.PreviewProps) }, transport);
    await send(to, "first");
    await send(to, "second");
    await send(other, "for someone else");

    const listed = await listMailboxMessages({ to, limit: 10 });
    expect(listed.map((message) => message.subject)).toEqual(["second", "first"]);
    expect(listed[0]).not.toHaveProperty("html");

    expect((await listMailboxMessages({ to, limit: 1 })).map((message) => message.subject)).toEqual(["second"]);

    expect(await clearMailbox({ to })).toBe(2);
    expect(await listMailboxMessages({ to })).toEqual([]);
    expect(await listMailboxMessages({ to: other })).toHaveLength(1);
    expect(await getMailboxMessage(listed[0]?.id ?? "")).toBeNull();
  });

  it("finds the magic link among the links of a stored message", async () => {
    const to = recipient();
    const { providerMessageId } = await sendEmail(
      { to, subject: "Sign in", react: magicLinkEmail(magicUrl) },
      createMailboxTransport(),
    );
    const stored = await getMailboxMessage(providerMessageId);

    const links = extractLinks(stored?.html ?? "");
    // Button and copy-paste link share one href: listed once, under the button's words.
    expect(links).toEqual([{ href: magicUrl, text: "Sign in to Tidings" }]);
  });
});

describe("extractLinks", () => {
  it("keeps distinct http(s) links with their text and skips other schemes", () => {
    const html = [
      '<a href="https://a.example/x?y=1&amp;z=2"><span>Open&nbsp;results</span></a>',
      "<a href='http://b.example/'>B</a>",
      '<a href="https://a.example/x?y=1&amp;z=2">again</a>',
      '<a href="mailto:help@example.com">Mail us</a>',
      '<a href="javascript:alert(1)">bad</a>',
      '<a name="anchor">no href</a>',
      '<a href="https://c.example/"><img src="x.png"></a>',
    ].join("\n");

    expect(extractLinks(html)).toEqual([
      { href: "https://a.example/x?y=1&z=2", text: "Open results" },
      { href: "http://b.example/", text: "B" },
      { href: "https://c.example/", text: "https://c.example/" },
    ]);
  });
});

describe("htmlForPreview", () => {
  it("makes links leave the sandboxed frame in a new tab", () => {
    expect(htmlForPreview('<html><head><meta charset="utf-8"></head><body>x</body></html>')).toBe(
      '<html><head><base target="_blank"><meta charset="utf-8"></head><body>x</body></html>',
    );
    expect(htmlForPreview("<p>x</p>")).toBe('<base target="_blank"><p>x</p>');
  });
});
