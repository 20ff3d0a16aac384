// POST /u/<token> end to end through the route handler, against the real database:
// one-click (RFC 8058) and the page's buttons, for a user and for an extra recipient.
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/unsubscribe/[token]/route";
import { db } from "../../db/client";
import { log } from "../../log";
import { finishedBatch, newUser, recipientAccepts } from "../../notifications/__tests__/support/finished-batch";
import { loadPreferences } from "../../notifications/preferences/preference-store";
import { notifyEvent } from "../../notifications/rules/notify-event";
import { suppress } from "../../notifications/deliveries/suppression";
import { createUnsubscribeToken, type UnsubscribeCategory } from "../unsubscribe-token";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});
afterAll(async () => boss.stop({ graceful: false }));

function post(token: string, body: BodyInit, headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" }) {
  return POST(new Request(`http://localhost:3000/u/${token}`, { method: "POST", body, headers }), { params: Promise.resolve({ token }) });
}

const oneClick = (token: string) => post(token, "List-Unsubscribe=One-Click");
const pressButton = (token: string, intent: string) => post(token, new URLSearchParams({ intent }).toString());
const tokenFor = (email: string, category: UnsubscribeCategory, ownerUserId: string) => createUnsubscribeToken({ email, category, ownerUserId });

describe("one-click POST", () => {
  it("turns off the category for the user, answers 200 with an empty body, and is idempotent", async () => {
    const user = await newUser();
    const token = tokenFor(user.email, "batch_succeeded", user.id);
    for (let i = 0; i < 2; i += 1) {
      const response = await oneClick(token);
      expect(response.status).toBe(200);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toBe("");
    }
    const preferences = await loadPreferences(user.id);
    expect(preferences.categories.batch_succeeded.channels.email).toBe(false);
    expect(preferences.categories.batch_failed.channels.email).toBe(true);
  });

  it("accepts multipart bodies too", async () => {
    const user = await newUser();
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const token = tokenFor(user.email, "batch_failed", user.id);
    const response = await POST(new Request(`http://localhost:3000/u/${token}`, { method: "POST", body: form }), { params: Promise.resolve({ token }) });
    expect(response.status).toBe(200);
    expect((await loadPreferences(user.id)).categories.batch_failed.channels.email).toBe(false);
  });

  it("puts the address on the suppression list for an 'all' token", async () => {
    const user = await newUser();
    await oneClick(tokenFor(user.email, "all", user.id));
    expect(await db().suppression.findUnique({ where: { email: user.email.toLowerCase() } })).toMatchObject({ reason: "unsubscribed" });
  });

  it("refuses tampered, truncated and foreign tokens with 400 and changes nothing", async () => {
    const user = await newUser();
    const token = tokenFor(user.email, "batch_succeeded", user.id);
    const [payload, signature] = token.split(".") as [string, string];
    const foreign = createUnsubscribeToken({ email: user.email, category: "batch_succeeded", ownerUserId: user.id }, { current: "another-installation-secret-of-32-chars!!" });
    const flipped = `${payload}.${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    for (const bad of [flipped, token.slice(0, -5), `${payload}.`, foreign, "nonsense"]) {
      const response = await oneClick(bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    expect((await loadPreferences(user.id)).categories.batch_succeeded.channels.email).toBe(true);
  });

  it("refuses a body that is neither one-click nor a page button, and JSON", async () => {
    const user = await newUser();
    const token = tokenFor(user.email, "batch_succeeded", user.id);
    expect((await post(token, "List-Unsubscribe=Yes")).status).toBe(400);
    expect((await post(token, '{"List-Unsubscribe":"One-Click"}', { "content-type": "application/json" })).status).toBe(415);
  });
});

describe("page buttons", () => {
  it("unsubscribes, undoes and unsubscribes again, each answered with a redirect to the page saying what happened", async () => {
    const user = await newUser();
    const token = tokenFor(user.email, "batch_succeeded", user.id);
    const done = async (intent: string) => {
      const response = await pressButton(token, intent);
      expect(response.status).toBe(303);
      return new URL(response.headers.get("location") ?? "").searchParams.get("done");
    };
    expect(await done("unsubscribe")).toBe("unsubscribed");
    expect((await loadPreferences(user.id)).categories.batch_succeeded.channels.email).toBe(false);
    expect(await done("resubscribe")).toBe("resubscribed");
    expect((await loadPreferences(user.id)).categories.batch_succeeded.channels.email).toBe(true);
    expect(await done("unsubscribe_all")).toBe("unsubscribed_all");
    expect(await done("resubscribe_all")).toBe("resubscribed_all");
    expect(await db().suppression.count({ where: { email: user.email.toLowerCase() } })).toBe(0);
  });

  it("does not lift a bounce with a plain undo", async () => {
    const user = await newUser();
    await suppress(user.email, "bounced", "550 no such user");
    const response = await pressButton(tokenFor(user.email, "all", user.id), "resubscribe_all");
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("done")).toBe("still_suppressed_bounced");
    expect(await db().suppression.findUnique({ where: { email: user.email.toLowerCase() } })).toMatchObject({ reason: "bounced" });
  });
});

describe("extra recipients", () => {
  it("stores the choice against the address and the owner, and the next batch of that owner skips them", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    await oneClick(tokenFor(colleague, "batch_succeeded", owner.id));
    expect(await db().recipientOptOut.count({ where: { email: colleague, ownerUserId: owner.id, category: "batch_succeeded" } })).toBe(1);
    // The owner's own preferences are untouched.
    expect((await loadPreferences(owner.id)).categories.batch_succeeded.channels.email).toBe(true);

    const { eventId } = await finishedBatch(boss, owner.id, ["completed"], { context: { email: colleague } });
    await recipientAccepts(owner.id, colleague);
    await notifyEvent(eventId, { boss, log });
    const deliveries = await db().delivery.findMany({ where: { eventId, channel: "email" } });
    expect(deliveries.find((d) => d.recipient === colleague)).toMatchObject({ status: "skipped_preference", reason: "preference_off" });
    expect(deliveries.find((d) => d.recipient !== colleague)).toMatchObject({ status: "queued" });
  });
});
