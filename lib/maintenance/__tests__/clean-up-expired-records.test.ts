import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { inspectMagicLink } from "../../auth/magic-link";
import { db } from "../../db/client";
import { env } from "../../env";
import { cleanUpExpiredRecords } from "../clean-up-expired-records";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Stores a token the way Auth.js does: sha256(token + secret) as hex. */
async function storeToken(email: string, expires: Date): Promise<string> {
  const token = randomUUID();
  const hashed = createHash("sha256").update(`${token}${env().AUTH_SECRET}`).digest("hex");
  await db().verificationToken.create({ data: { identifier: email, token: hashed, expires } });
  return token;
}

describe("cleanUpExpiredRecords", () => {
  it("keeps a recently expired sign-in link, so it still reads as expired rather than used", async () => {
    const email = `cleanup-${randomUUID()}@example.com`;
    const live = await storeToken(email, new Date(Date.now() + HOUR));
    const recentlyExpired = await storeToken(email, new Date(Date.now() - HOUR));
    const longExpired = await storeToken(email, new Date(Date.now() - 8 * DAY));

    await cleanUpExpiredRecords();

    expect(await inspectMagicLink({ email, token: live })).toBe("valid");
    expect(await inspectMagicLink({ email, token: recentlyExpired })).toBe("expired");
    expect(await inspectMagicLink({ email, token: longExpired })).toBe("spent");
  });

  it("removes ended sessions and old dev-mailbox messages, and nothing current", async () => {
    const user = await db().user.create({ data: { email: `cleanup-${randomUUID()}@example.com` } });
    await db().session.createMany({
      data: [
        { sessionToken: randomUUID(), userId: user.id, expires: new Date(Date.now() - HOUR) },
        { sessionToken: randomUUID(), userId: user.id, expires: new Date(Date.now() + DAY) },
      ],
    });
    const to = [`cleanup-${randomUUID()}@example.com`];
    const message = { from: "t@example.com", to, subject: "s", html: "<p>h</p>", text: "h" };
    await db().mailboxMessage.createMany({
      data: [
        { ...message, createdAt: new Date(Date.now() - 8 * DAY) },
        { ...message, createdAt: new Date() },
      ],
    });

    await cleanUpExpiredRecords();

    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    expect(await db().mailboxMessage.count({ where: { to: { equals: to } } })).toBe(1);
  });

  it("forgets webhook ids after a week, and keeps recent ones so a replay is still refused", async () => {
    const old = `msg_${randomUUID()}`;
    const recent = `msg_${randomUUID()}`;
    await db().webhookReceipt.createMany({
      data: [
        { id: old, source: "resend", receivedAt: new Date(Date.now() - 8 * DAY) },
        { id: recent, source: "resend", receivedAt: new Date(Date.now() - 6 * DAY) },
      ],
    });

    await cleanUpExpiredRecords();

    const kept = await db().webhookReceipt.findMany({ where: { id: { in: [old, recent] } }, select: { id: true } });
    expect(kept.map((receipt) => receipt.id)).toEqual([recent]);
  });
});
