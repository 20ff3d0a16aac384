// Reads for the dev mailbox UI (/dev/mailbox) and for e2e tests that sign in
// through it. The mailbox transport writes; this file only reads and clears.
import { z } from "zod";
import { db } from "../db/client";

export type MailboxMessageSummary = {
  id: string;
  from: string;
  to: string[];
  subject: string;
  createdAt: Date;
};

export type MailboxMessage = MailboxMessageSummary & {
  html: string;
  text: string;
  headers: Record<string, string>;
};

const summaryFields = { id: true, from: true, to: true, subject: true, createdAt: true } as const;

/** Newest first. `to` narrows to messages sent to that exact address. */
export async function listMailboxMessages({ limit = 50, to }: { limit?: number; to?: string } = {}): Promise<
  MailboxMessageSummary[]
> {
  return db().mailboxMessage.findMany({
    where: to ? { to: { has: to } } : undefined,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(1, limit), 500),
    select: summaryFields,
  });
}

export async function getMailboxMessage(id: string): Promise<MailboxMessage | null> {
  const row = await db().mailboxMessage.findUnique({ where: { id } });
  if (!row) return null;
  return { ...row, headers: headersFromJson(row.headers) };
}

/**
 * Deletes every stored message, or only those sent to `to` (so parallel e2e tests
 * each clear their own). Returns how many were removed.
 */
export async function clearMailbox({ to }: { to?: string } = {}): Promise<number> {
  const { count } = await db().mailboxMessage.deleteMany({ where: to ? { to: { has: to } } : {} });
  return count;
}

const storedHeadersSchema = z.record(z.string(), z.unknown()).catch({});

// The column is JSON; anything that is not a flat object of strings is shown as text, not dropped.
function headersFromJson(value: unknown): Record<string, string> {
  const parsed = storedHeadersSchema.parse(value);
  return Object.fromEntries(
    Object.entries(parsed).map(([name, headerValue]) => [
      name,
      typeof headerValue === "string" ? headerValue : JSON.stringify(headerValue),
    ]),
  );
}

export type MessageLink = { href: string; text: string };

/**
 * The distinct http(s) links in an email's HTML, with the text of the first
 * anchor that used each. The mailbox shows them outside the sandboxed preview so
 * a person or a browser test can follow them in the same tab.
 */
export function extractLinks(html: string): MessageLink[] {
  const links = new Map<string, string>();
  const anchor = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
  for (const [, attributes = "", inner = ""] of html.matchAll(anchor)) {
    const rawHref = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    if (!rawHref) continue;
    const href = decodeEntities((rawHref[1] ?? rawHref[2] ?? rawHref[3] ?? "").trim());
    if (!/^https?:\/\//i.test(href)) continue;
    // Buttons carry Outlook-only comments and zero-width spaces for padding; neither is link text.
    const markup = inner.replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]*>/g, " ");
    const text = decodeEntities(markup).replace(/[\u200b-\u200d\ufeff]/g, "").replace(/\s+/g, " ").trim();
    const known = links.get(href);
    if (known === undefined || (known === "" && text !== "")) links.set(href, text);
  }
  return [...links].map(([href, text]) => ({ href, text: text || href }));
}

/**
 * The email's HTML for the sandboxed preview frame. A <base target="_blank"> makes
 * links open in a new tab (the sandbox allows popups) instead of inside the frame.
 */
export function htmlForPreview(html: string): string {
  const base = '<base target="_blank">';
  return /<head\b[^>]*>/i.test(html) ? html.replace(/<head\b[^>]*>/i, (head) => `${head}${base}`) : `${base}${html}`;
}

const namedEntities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body[0] === "#") {
      const codePoint = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(codePoint) && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
    }
    return namedEntities[body.toLowerCase()] ?? entity;
  });
}
