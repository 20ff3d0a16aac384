// Admin alerts against a real Postgres: recorded once per dead-lettered job, at most
// one email per 5 minutes with later failures folded into the next, one email even
// when several processes try at once, nothing sent without ADMIN_EMAILS, and a
// failing mail setup neither throws nor loses the failures.
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { EmailSendError } from "../../email/email-send-error";
import { createMailboxTransport } from "../../email/transports/mailbox";
import type { EmailTransport, OutgoingEmail } from "../../email/transports/types";
import type { Logger } from "../../log";
import { handleDeadLetters } from "../handle-dead-letters";
import { recordQueueFailures } from "../record-queue-failures";
import { sendAdminAlert } from "../send-admin-alert";

const admins = ["ops@example.com", "oncall@example.com"];
const appUrl = "https://tidings.example.com";
const t0 = new Date("2026-03-04T20:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

beforeAll(async () => {
  // Its own database: the alert throttle is global state.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

beforeEach(async () => {
  await db().queueFailure.deleteMany();
  await db().adminAlert.deleteMany();
  await db().mailboxMessage.deleteMany();
});

/** A job as pg-boss hands it to the dead-letter worker. */
function deadLetter(failedAt: Date, error = "connect ECONNREFUSED 127.0.0.1:9000", retries = 3) {
  return { id: randomUUID(), sourceId: randomUUID(), sourceOutput: { message: error }, sourceRetryCount: retries, createdOn: failedAt };
}

const mailbox = createMailboxTransport();
const alertEmails = () => db().mailboxMessage.findMany({ orderBy: { createdAt: "asc" } });

describe("admin alerts", () => {
  it("sends the first failure at once and folds the next ones into one email 5 minutes later", async () => {
    const options = { adminEmails: admins, appUrl, transport: mailbox };
    const first = deadLetter(at(0), "storage unreachable");
    await recordQueueFailures("batch.process-file", [first]);
    expect(await sendAdminAlert({ ...options, now: at(0) })).toMatchObject({ status: "sent", failures: 1 });

    await recordQueueFailures("batch.process-file", [deadLetter(at(1), "storage still unreachable")]);
    expect(await sendAdminAlert({ ...options, now: at(1) })).toEqual({ status: "held", reason: "throttled" });
    await recordQueueFailures("notification.send-email", [deadLetter(at(2), "provider answered 503", 8)]);
    expect(await sendAdminAlert({ ...options, now: at(2) })).toEqual({ status: "held", reason: "throttled" });
    expect(await sendAdminAlert({ ...options, now: at(4.9) })).toEqual({ status: "held", reason: "throttled" });
    expect(await alertEmails()).toHaveLength(1);

    // The minute flush after the 5 minutes are up.
    expect(await sendAdminAlert({ ...options, now: at(6) })).toMatchObject({ status: "sent", failures: 2 });
    const [single, folded, ...more] = await alertEmails();
    expect(more).toHaveLength(0);

    expect(single!.to).toEqual(admins);
    expect(single!.subject).toBe("batch.process-file: job failed after 4 attempts");
    expect(single!.text).toContain(first.sourceId);
    expect(single!.text).toContain("storage unreachable");
    // Transactional: no unsubscribe header or footer link.
    expect(single!.headers).not.toHaveProperty("List-Unsubscribe");
    expect(single!.text).not.toContain("Unsubscribe");

    expect(folded!.subject).toBe("2 jobs failed for good in the last 5 minutes: 1 × batch.process-file, 1 × notification.send-email");
    for (const expected of ["2 JOBS FAILED FOR GOOD IN THE LAST 5 MINUTES", "1 × batch.process-file, 1 × notification.send-email", "provider answered 503", "storage still unreachable", `${appUrl}/admin#dead-letters`]) {
      expect(folded!.text).toContain(expected);
    }
    // The newest failure leads, with its own attempts.
    expect(folded!.text.indexOf("provider answered 503")).toBeLessThan(folded!.text.indexOf("storage still unreachable"));
    expect(folded!.text).toContain("Attempts: 9");

    // Nothing left to report: the next flush sends nothing.
    expect(await sendAdminAlert({ ...options, now: at(12) })).toEqual({ status: "held", reason: "nothing_pending" });
  });

  it("records a dead-letter job once however often it is handled", async () => {
    const job = deadLetter(at(0));
    expect(await recordQueueFailures("notification.notify", [job])).toBe(1);
    expect(await recordQueueFailures("notification.notify", [job])).toBe(0);
    expect(await db().queueFailure.findMany()).toEqual([
      expect.objectContaining({ queue: "notification.notify", deadJobId: job.id, jobId: job.sourceId, attempts: 4, error: "connect ECONNREFUSED 127.0.0.1:9000" }),
    ]);
  });

  it("sends one email when several processes try at once", async () => {
    await recordQueueFailures("webhook.deliver", [deadLetter(at(0)), deadLetter(at(0))]);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => sendAdminAlert({ adminEmails: admins, appUrl, transport: mailbox, now: at(1) })));
    expect(outcomes.filter((outcome) => outcome.status === "sent")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === "held")).toHaveLength(5);
    const emails = await alertEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toBe("2 jobs failed for good in the last 1 minute: 2 × webhook.deliver");
  });

  it("without ADMIN_EMAILS records and logs the failure and sends nothing", async () => {
    const lines: string[] = [];
    const capture = pino({ level: "info" }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) })) as unknown as Logger;
    const job = deadLetter(at(0));
    await handleDeadLetters("notification.notify", [job], { log: capture, adminEmails: [], appUrl, transport: mailbox, now: at(0) });

    expect(await db().queueFailure.count({ where: { deadJobId: job.id, alertId: null } })).toBe(1);
    expect(await db().adminAlert.count()).toBe(0);
    expect(await alertEmails()).toHaveLength(0);
    const logged = lines.map((line) => JSON.parse(line) as { event?: string; queue?: string });
    expect(logged).toContainEqual(expect.objectContaining({ event: "job.failed_for_good", queue: "notification.notify" }));
  });

  it("survives a failing transport and folds the failures into the next alert", async () => {
    const broken: EmailTransport = {
      kind: "smtp",
      send: async () => {
        throw new EmailSendError("connection refused", { transport: "smtp", statusCode: null, code: "ECONNECTION", retryable: true });
      },
      close: async () => {},
    };
    const sent: OutgoingEmail[] = [];
    const working: EmailTransport = { kind: "smtp", send: async (message) => (sent.push(message), { providerMessageId: "m1" }), close: async () => {} };

    await recordQueueFailures("batch.process-file", [deadLetter(at(0))]);
    expect(await sendAdminAlert({ adminEmails: admins, appUrl, transport: broken, now: at(0) })).toMatchObject({ status: "failed", failures: 1 });
    // A new failure right after does not hammer the broken transport again.
    await recordQueueFailures("batch.process-file", [deadLetter(at(0.5))]);
    expect(await sendAdminAlert({ adminEmails: admins, appUrl, transport: broken, now: at(0.5) })).toEqual({ status: "held", reason: "backing_off" });

    // The next minute's flush, with mail working again: both failures, one email.
    expect(await sendAdminAlert({ adminEmails: admins, appUrl, transport: working, now: at(1.5) })).toMatchObject({ status: "sent", failures: 2 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("2 jobs failed for good in the last 2 minutes: 2 × batch.process-file");
    // Failing to alert created no failures of its own.
    expect(await db().queueFailure.count()).toBe(2);
    expect(await db().queueFailure.count({ where: { alert: { sentAt: { not: null } } } })).toBe(2);
  });

  it("takes over an alert whose sender died before marking it", async () => {
    await recordQueueFailures("batch.process-file", [deadLetter(at(0))]);
    // Claimed and never settled, as a process killed mid-send leaves it.
    const lost = await db().adminAlert.create({ data: { claimedAt: at(0), failureCount: 1 } });
    await db().queueFailure.updateMany({ data: { alertId: lost.id } });

    const options = { adminEmails: admins, appUrl, transport: mailbox };
    expect(await sendAdminAlert({ ...options, now: at(1) })).toEqual({ status: "held", reason: "sending_elsewhere" });
    expect(await sendAdminAlert({ ...options, now: at(3) })).toMatchObject({ status: "sent", failures: 1 });
    expect(await alertEmails()).toHaveLength(1);
  });
});
