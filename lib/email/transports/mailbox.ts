// The dev mailbox: instead of sending, store the message so the app can show it at
// /dev/mailbox with its links clickable. Never used in production (lib/env refuses).
import { db } from "../../db/client";
import type { EmailTransport, OutgoingEmail } from "./types";

export function createMailboxTransport(): EmailTransport {
  const transport: EmailTransport = {
    kind: "mailbox",
    // Each message keeps its own key, so a repeated call stores nothing new either.
    async sendBatch(messages: OutgoingEmail[]) {
      const providerMessageIds = [];
      for (const message of messages) providerMessageIds.push((await transport.send(message)).providerMessageId);
      return { providerMessageIds };
    },
    async send(message: OutgoingEmail) {
      const data = {
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        headers: storedHeaders(message),
        idempotencyKey: message.idempotencyKey,
      };
      // Like Resend's Idempotency-Key: a retry of an accepted send stores nothing new
      // and answers with the first message's id.
      const row = message.idempotencyKey
        ? await db().mailboxMessage.upsert({ where: { idempotencyKey: message.idempotencyKey }, create: data, update: {}, select: { id: true } })
        : await db().mailboxMessage.create({ data, select: { id: true } });
      return { providerMessageId: row.id };
    },
    async close() {
      // The Prisma client is shared with the rest of the process; it is not ours to close.
    },
  };
  return transport;
}

/** Keeps what a real provider would have seen, so the mailbox shows the whole picture. */
function storedHeaders(message: OutgoingEmail): Record<string, string> {
  const headers: Record<string, string> = { ...message.headers };
  if (message.idempotencyKey) headers["Idempotency-Key"] = message.idempotencyKey;
  if (message.tags.length > 0) {
    headers["X-Tidings-Tags"] = message.tags.map((tag) => `${tag.name}=${tag.value}`).join(", ");
  }
  return headers;
}
