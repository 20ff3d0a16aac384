// Removes records that have outlived their use. Safe to run at any time and on
// several workers at once: each statement is an idempotent delete.
import { db } from "../db/client";
import { deleteExpiredRateLimits } from "../rate-limit/consume-rate-limit";

const DAY_MS = 24 * 60 * 60 * 1000;
export const MAILBOX_RETENTION_DAYS = 7;
// Expired sign-in tokens are kept a while so an old link still says "expired"
// rather than looking used.
export const EXPIRED_TOKEN_RETENTION_DAYS = 7;
// Webhook ids are kept to refuse replays; a signature older than 5 minutes is refused
// anyway, and providers stop retrying within days.
export const WEBHOOK_RECEIPT_RETENTION_DAYS = 7;

export async function cleanUpExpiredRecords(now = new Date()) {
  const [verificationTokens, sessions, rateLimitWindows, mailboxMessages, webhookReceipts] = await Promise.all([
    db()
      .verificationToken.deleteMany({ where: { expires: { lt: new Date(now.getTime() - EXPIRED_TOKEN_RETENTION_DAYS * DAY_MS) } } })
      .then((r) => r.count),
    db().session.deleteMany({ where: { expires: { lt: now } } }).then((r) => r.count),
    deleteExpiredRateLimits(db(), 24 * 60 * 60),
    db()
      .mailboxMessage.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - MAILBOX_RETENTION_DAYS * DAY_MS) } } })
      .then((r) => r.count),
    db()
      .webhookReceipt.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - WEBHOOK_RECEIPT_RETENTION_DAYS * DAY_MS) } } })
      .then((r) => r.count),
  ]);
  return { verificationTokens, sessions, rateLimitWindows, mailboxMessages, webhookReceipts };
}
