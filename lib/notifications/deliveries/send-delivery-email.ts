// The `notification.send-email` job: renders and sends the emails of deliveries.
//
// Exactly once: every request carries an Idempotency-Key and a message rendered only
// from frozen data, so if a worker dies after the provider accepted but before the
// delivery was marked sent, the retry gets the provider's first answer back and no
// second email goes out. (SMTP has no such key: there the window is at-least-once.)
//
// Several emails fetched together go out in one batch call (Resend: up to 100). The
// group is written to the deliveries (sendGroup, also the call's key) BEFORE the call,
// and a retry of any member resends exactly that group: regrouping on a retry would
// give Resend a new key and some emails twice.
//
// Failures: a 429 waits for the provider's retry-after (briefly, in place); other 4xx
// are final — a refused group sent nothing, so its members are tried one by one and
// only the bad one fails; 5xx and network errors are returned as job failures, so
// pg-boss retries with backoff and, after the last try, dead-letters the job.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { db } from "../../db/client";
import type { DeliveryStatus } from "../../db/generated/client";
import { isEmailSendError, type EmailSendError } from "../../email/email-send-error";
import { sendEmail, sendEmailBatch, type SendEmailOptions } from "../../email/send-email";
import { emailTransport, type EmailTransport } from "../../email/transports";
import { MAX_BATCH_EMAILS } from "../../email/transports/types";
import { env } from "../../env";
import type { JobContext } from "../../queue/queue-contract";
import { composeDeliveryEmail } from "../compose/compose-delivery-email";

/** Statuses a send job may still act on; anything else was settled by an earlier run. */
const SENDABLE: DeliveryStatus[] = ["queued", "deferred"];
/** Waiting longer than this for a 429 frees the worker slot: the job is retried later instead. */
const MAX_IN_PLACE_RATE_LIMIT_WAIT_SECONDS = 30;
const MAX_RATE_LIMIT_WAITS = 5;

export const DELIVERY_ID_HEADER = "X-Entity-Ref-ID";

const UNREADABLE = "The notification's data could not be read.";

export type SendContext = Pick<JobContext, "signal" | "log"> & {
  /** Tests pass one; the worker sends through the process-wide transport. */
  transport?: EmailTransport;
};

export type SendJob = { deliveryId: string; isLastAttempt: boolean };

/** One email; throws when the job should be retried. */
export async function sendDeliveryEmail(deliveryId: string, context: SendContext & { isLastAttempt: boolean }): Promise<void> {
  const [outcome] = await sendDeliveryEmails([{ deliveryId, isLastAttempt: context.isLastAttempt }], context);
  if (outcome) throw outcome;
}

/** Sends the deliveries of the given jobs; per job, null when done or the error to retry on. */
export async function sendDeliveryEmails(jobs: readonly SendJob[], context: SendContext): Promise<(Error | null)[]> {
  const transport = context.transport ?? emailTransport();
  const lastAttempt = new Map(jobs.map((job) => [job.deliveryId, job.isLastAttempt]));
  const composed = new Map<string, SendEmailOptions | null>();
  const run: Run = {
    transport,
    context,
    lastAttempt,
    compose: (delivery) => {
      if (!composed.has(delivery.id)) composed.set(delivery.id, compose(delivery));
      return composed.get(delivery.id) ?? null;
    },
  };
  const rows = await loadDeliveries({ id: { in: jobs.map((job) => job.deliveryId) } });

  const outcomes = new Map<string, Error | null>();
  const fresh: Delivery[] = [];
  const groups = new Set<string>();
  for (const delivery of rows) {
    if (!SENDABLE.includes(delivery.status)) continue;
    if (delivery.sendGroup) groups.add(delivery.sendGroup);
    else fresh.push(delivery);
  }

  // An unsubscribe or a bounce between the decision and now wins — except inside a
  // group already fixed, which must be resent as it was (it may already be out).
  const suppressed = await suppressedAmong(fresh.map((delivery) => delivery.recipient));
  const units: Unit[] = [];
  const singles: Delivery[] = [];
  for (const delivery of fresh) {
    if (suppressed.has(delivery.recipient)) await settle([delivery.id], "suppressed", { reason: "suppressed" });
    // Data that cannot be read now never will be: fail it before it joins a group.
    else if (!run.compose(delivery)) await settle([delivery.id], "failed", { lastError: UNREADABLE, failedAt: new Date() });
    else singles.push(delivery);
  }
  for (const group of groups) {
    const members = await loadDeliveries({ sendGroup: group });
    // Members are settled together: one that is no longer sendable means all went out.
    if (members.every((member) => SENDABLE.includes(member.status))) units.push({ key: group, members, grouped: true });
  }
  if (transport.sendBatch && singles.length >= 2) {
    for (let start = 0; start < singles.length; start += MAX_BATCH_EMAILS) {
      const members = await claimGroup(singles.slice(start, start + MAX_BATCH_EMAILS));
      if (members.length >= 2) units.push({ key: members[0]!.sendGroup!, members, grouped: true });
      else units.push(...members.map((member) => single(member)));
    }
  } else {
    units.push(...singles.map(single));
  }

  await Promise.all(
    units.map(async (unit) => {
      for (const [id, outcome] of await sendUnit(unit, run)) outcomes.set(id, outcome);
    }),
  );
  return jobs.map((job) => outcomes.get(job.deliveryId) ?? null);
}

type Delivery = Awaited<ReturnType<typeof loadDeliveries>>[number];
type Unit = { key: string; members: Delivery[]; grouped: boolean };

const single = (delivery: Delivery): Unit => ({ key: delivery.id, members: [delivery], grouped: false });

function loadDeliveries(where: { id: { in: string[] } } | { sendGroup: string }) {
  return db().delivery.findMany({ where, include: { event: true }, orderBy: { id: "asc" } });
}

async function suppressedAmong(emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await db().suppression.findMany({ where: { email: { in: emails } }, select: { email: true } });
  return new Set(rows.map((row) => row.email));
}

/** Fixes a group's members before its call; returns the members this worker won. */
async function claimGroup(candidates: Delivery[]): Promise<Delivery[]> {
  const group = `grp_${randomUUID()}`;
  const claimed = await db().delivery.updateManyAndReturn({
    where: { id: { in: candidates.map((delivery) => delivery.id) }, sendGroup: null, status: { in: SENDABLE } },
    data: { sendGroup: group },
    select: { id: true },
  });
  const won = new Set(claimed.map((row) => row.id));
  return candidates.filter((delivery) => won.has(delivery.id)).map((delivery) => ({ ...delivery, sendGroup: group }));
}

/** What one sendDeliveryEmails call shares with its units. */
type Run = {
  transport: EmailTransport;
  context: SendContext;
  lastAttempt: Map<string, boolean>;
  /** Composed once per delivery and call: checked before grouping, reused to send. */
  compose: (delivery: Delivery) => SendEmailOptions | null;
};

async function sendUnit(unit: Unit, run: Run): Promise<Map<string, Error | null>> {
  const { transport, context, lastAttempt } = run;
  const ids = unit.members.map((member) => member.id);
  const done = (outcome: Error | null) => new Map(ids.map((id) => [id, outcome]));

  const messages = unit.members.map(run.compose);
  if (!messages.every((message) => message !== null)) {
    // Checked before the unit was formed; an event changed since cannot be sent faithfully.
    await settle(ids, "failed", { lastError: UNREADABLE, failedAt: new Date() });
    return done(null);
  }

  for (let rateLimitWaits = 0; ; rateLimitWaits += 1) {
    await db().delivery.updateMany({ where: { id: { in: ids } }, data: { attempts: { increment: 1 } } });
    try {
      const providerIds = unit.grouped
        ? (await sendEmailBatch(messages, unit.key, transport)).providerMessageIds
        : [(await sendEmail(messages[0]!, transport)).providerMessageId];
      await settleSent(ids, providerIds);
      return done(null);
    } catch (error) {
      if (!isEmailSendError(error)) throw error;
      const lastError = error.message.slice(0, 1000);
      if (!error.retryable) {
        if (unit.grouped) return sendOneByOne(unit, run);
        await settle(ids, "failed", { lastError, failedAt: new Date() });
        context.log.warn({ event: "delivery.failed", deliveryId: unit.key, code: error.code }, "provider refused the email for good");
        return done(null);
      }
      await db().delivery.updateMany({ where: { id: { in: ids } }, data: { lastError } });
      const wait = inPlaceWaitSeconds(error, rateLimitWaits);
      if (wait !== null) {
        await sleep(wait * 1000, undefined, { signal: context.signal });
        continue;
      }
      const givenUp = ids.filter((id) => lastAttempt.get(id));
      if (givenUp.length > 0) await markGivenUp(givenUp);
      return done(error);
    }
  }
}

/** A refused batch call sent nothing: undo the group and let each email stand alone. */
async function sendOneByOne(unit: Unit, run: Run) {
  await db().delivery.updateMany({ where: { sendGroup: unit.key }, data: { sendGroup: null } });
  const outcomes = new Map<string, Error | null>();
  for (const member of unit.members) {
    for (const [id, outcome] of await sendUnit(single({ ...member, sendGroup: null }), run)) outcomes.set(id, outcome);
  }
  return outcomes;
}

function compose(delivery: Delivery): SendEmailOptions | null {
  const email = composeDeliveryEmail(delivery, env().APP_URL);
  if (!email) return null;
  return {
    to: delivery.recipient,
    subject: email.subject,
    react: email.react,
    // Names the delivery in every copy of the message: the provider's logs, bounce
    // reports and our tests can tell emails apart even inside one batch call.
    headers: { ...email.headers, [DELIVERY_ID_HEADER]: delivery.id },
    tags: [{ name: "category", value: delivery.category }],
    idempotencyKey: delivery.id,
  };
}

function settle(ids: string[], status: DeliveryStatus, data: Record<string, unknown> = {}) {
  return db().delivery.updateMany({ where: { id: { in: ids }, status: { in: SENDABLE } }, data: { status, ...data } });
}

/** One statement for the whole group, each delivery with its own provider id. */
async function settleSent(ids: string[], providerIds: string[]): Promise<void> {
  const now = new Date();
  await db().$executeRaw`
    UPDATE "Delivery" AS d
    SET status = 'sent', "providerMessageId" = v.provider_id, "sentAt" = ${now}, "lastError" = NULL, "updatedAt" = ${now}
    FROM unnest(${ids}::text[], ${providerIds}::text[]) AS v(id, provider_id)
    WHERE d.id = v.id AND d.status IN ('queued', 'deferred')`;
}

/** A 429 with a short retry-after is waited out here; anything else goes back to pg-boss. */
function inPlaceWaitSeconds(error: EmailSendError, waitsSoFar: number): number | null {
  if (error.statusCode !== 429 || waitsSoFar >= MAX_RATE_LIMIT_WAITS) return null;
  const seconds = error.retryAfterSeconds ?? 1;
  return seconds <= MAX_IN_PLACE_RATE_LIMIT_WAIT_SECONDS ? seconds : null;
}

/** Every retry used (or the job dead-lettered after a worker died): final, with the last error kept. */
export async function markGivenUp(deliveryIds: string | string[]): Promise<void> {
  const ids = Array.isArray(deliveryIds) ? deliveryIds : [deliveryIds];
  await db().delivery.updateMany({
    where: { id: { in: ids }, status: { in: SENDABLE } },
    data: { status: "failed", failedAt: new Date() },
  });
}
