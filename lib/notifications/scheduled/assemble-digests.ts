// The `notification.digest` job: emails folded into the next digest (digest mode, or
// the daily cap — never dropped) wait as `digested` deliveries. For each inbox whose
// digest window has closed, one `digest` event carries those that were folded in
// before the window's end, written in the transaction that marks them carried, with
// its notify job. An extra recipient (named at upload) has no settings of their own:
// the cap folds their overflow into a digest of their own on the owner's schedule and
// in the owner's zone, as their emails use. Once per window: the dedupe key
// `digest:<user>[:<recipient>]:<window end>` and the row locks on the carried
// deliveries make a second run — or a second worker at the same moment — find
// nothing left to do.
import { fromPrisma, type PgBoss } from "pg-boss";
import { db, type Tx } from "../../db/client";
import { type Logger, maskEmail } from "../../log";
import { enqueue } from "../../queue/enqueue";
import { readEvent } from "../events";
import { DIGEST, digestDedupeKey, type DigestPayload } from "../events/digest";
import type { DigestBatchSnapshot, DigestExpiringSnapshot } from "../events/digest-snapshots";
import { digestWindow, type DigestWindow } from "../preferences/digest-window";
import { parseStoredPreferences } from "../preferences/preference-store";
import { normalizeAddress } from "../deliveries/suppression";

export type AssembleDigestsResult = { digests: number; deliveries: number };
type Context = { boss: PgBoss; log: Logger; now?: Date };

const waiting = { channel: "email", status: "digested", digestEventId: null } as const;

/** One digest event per inbox whose window closed with emails waiting for it. */
export async function assembleDigests({ boss, log, now = new Date() }: Context): Promise<AssembleDigestsResult> {
  const inboxes = await db().delivery.groupBy({ by: ["userId", "recipient"], where: waiting, orderBy: [{ userId: "asc" }, { recipient: "asc" }] });
  const users = await db().user.findMany({
    where: { id: { in: [...new Set(inboxes.map((inbox) => inbox.userId))] } },
    select: { id: true, email: true, notificationPreference: { select: { settings: true } } },
  });
  const owners = new Map(users.map((user) => [user.id, user]));
  const result: AssembleDigestsResult = { digests: 0, deliveries: 0 };
  let failed = 0;
  for (const { userId, recipient } of inboxes) {
    const user = owners.get(userId);
    if (!user) continue;
    const preferences = parseStoredPreferences(user.id, user.notificationPreference?.settings);
    const window = digestWindow(now, preferences.categories.digest.schedule, preferences.timeZone);
    const inbox = { ownerId: user.id, recipient, isOwner: recipient === normalizeAddress(user.email) };
    try {
      const digest = await db().$transaction((tx) => assembleDigest(tx, inbox, window, boss, log));
      if (digest) {
        result.digests += 1;
        result.deliveries += digest.deliveries;
      }
    } catch (error) {
      // One inbox's digest failing must not hold back everyone else's; the job still fails, and retries.
      failed += 1;
      log.error({ event: "digest.failed", userId: user.id, recipient: maskEmail(recipient), err: error }, "digest could not be assembled");
    }
  }
  if (failed > 0) throw new Error(`${failed} of ${inboxes.length} digests could not be assembled`);
  return result;
}

type Inbox = { ownerId: string; recipient: string; isOwner: boolean };

async function assembleDigest(tx: Tx, inbox: Inbox, window: DigestWindow, boss: PgBoss, log: Logger) {
  // Each inbox's digest carries only the emails that were meant for it.
  const candidates = await tx.delivery.findMany({
    where: { ...waiting, userId: inbox.ownerId, recipient: inbox.recipient, createdAt: { lt: window.end } },
    select: { id: true, eventId: true, createdAt: true },
  });
  if (candidates.length === 0) return null;
  // A second assembler waits here for the first to commit, then finds them carried.
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Delivery"
    WHERE id = ANY(${candidates.map((candidate) => candidate.id)}) AND status = 'digested' AND "digestEventId" IS NULL
    ORDER BY id FOR UPDATE`;
  const stillWaiting = new Set(locked.map((row) => row.id));
  const carried = candidates.filter((candidate) => stillWaiting.has(candidate.id));
  if (carried.length === 0) return null;

  const events = await tx.notificationEvent.findMany({
    where: { id: { in: carried.map((delivery) => delivery.eventId) } },
    select: { id: true, type: true, batchId: true, payload: true, createdAt: true },
  });
  // A delivery that missed its own window's digest makes this one reach back to it.
  const start = carried.reduce((earliest, delivery) => Math.min(earliest, delivery.createdAt.getTime()), window.start.getTime());
  const snapshot = digestSnapshot(events, { start: new Date(start), end: window.end }, log);
  const recipient = inbox.isOwner ? undefined : inbox.recipient;
  const payload: DigestPayload = recipient === undefined ? snapshot : { recipient, ...snapshot };
  const [event] = await tx.notificationEvent.createManyAndReturn({
    data: [{ type: DIGEST, dedupeKey: digestDedupeKey(inbox.ownerId, window.end, recipient), userId: inbox.ownerId, payload }],
    skipDuplicates: true,
    select: { id: true },
  });
  // This window's digest went out already (these committed just after it): the next one carries them.
  if (!event) return null;
  await tx.delivery.updateMany({ where: { id: { in: carried.map((delivery) => delivery.id) } }, data: { digestEventId: event.id } });
  await enqueue(boss, "notification.notify", { eventId: event.id }, { db: fromPrisma(tx) });
  return { eventId: event.id, deliveries: carried.length };
}

type CarriedEvent = { id: string; type: string; batchId: string | null; payload: unknown; createdAt: Date };

/** What the digest shows, frozen now: finished batches oldest first, reminders soonest first. */
function digestSnapshot(events: CarriedEvent[], window: DigestWindow, log: Logger): DigestPayload {
  const batches: DigestBatchSnapshot[] = [];
  const expiring: DigestExpiringSnapshot[] = [];
  for (const event of events) {
    const read = readEvent(event);
    const entry = read ? read.kind.foldIntoDigest(event, read.payload) : null;
    if (entry && "batch" in entry) batches.push(entry.batch);
    else if (entry) expiring.push(entry.expiring);
    // Carried all the same: nothing could ever show it, and it must not hold back every later digest.
    else log.warn({ event: "digest.unreadable_event", eventId: event.id, type: event.type }, "a digested notification cannot be shown in the digest");
  }
  batches.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.eventId.localeCompare(b.eventId));
  expiring.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || a.eventId.localeCompare(b.eventId));
  return { windowStart: window.start.toISOString(), windowEnd: window.end.toISOString(), batches, expiring };
}
