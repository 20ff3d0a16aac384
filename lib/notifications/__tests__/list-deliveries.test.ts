// The delivery log as its page shows it: newest first, a page at a time, filtered by
// status, only the person's own rows, with reasons and timelines in words. Real Postgres.
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { deliveryLogQuerySchema, listDeliveries } from "../deliveries/list-deliveries";
import { batchEvent, delivery, inAppNotification, minutesAgo, newUser } from "./support/delivery-rows";

const firstPage = deliveryLogQuerySchema.parse({});

describe("listDeliveries", () => {
  it("lists the person's deliveries newest first and pages through them without gaps or repeats", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    const created = [];
    for (let i = 5; i >= 1; i -= 1) created.push(await delivery(event, { createdAt: minutesAgo(i) }));
    const newestFirst = created.map((row) => row.id).reverse();

    const all = await listDeliveries(user.id, firstPage);
    expect(all.items.map((item) => item.id)).toEqual(newestFirst);
    expect(all.nextCursor).toBeNull();
    expect(all.total).toBe(5);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listDeliveries(user.id, deliveryLogQuerySchema.parse({ limit: "2", cursor }));
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(newestFirst);
    expect(pages).toBe(3);
  });

  it("filters by status and counts every status for the filter", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    const failed = await delivery(event, { status: "failed", lastError: "Mailbox unavailable", attempts: 3, failedAt: new Date() });
    await delivery(event, { status: "sent", sentAt: new Date() });
    await delivery(event, { status: "sent", sentAt: new Date() });

    const page = await listDeliveries(user.id, deliveryLogQuerySchema.parse({ status: "failed" }));
    expect(page.items.map((item) => item.id)).toEqual([failed.id]);
    expect(page.items[0]).toMatchObject({ attempts: 3, lastError: "Mailbox unavailable" });
    expect(page.counts).toMatchObject({ failed: 1, sent: 2, delivered: 0 });
    expect(page.total).toBe(3);
  });

  it("never shows another person's deliveries, even with their row as the cursor", async () => {
    const owner = await newUser();
    const stranger = await newUser("stranger");
    const mine = await delivery(await batchEvent(owner.id));
    const theirs = await delivery(await batchEvent(stranger.id));

    expect((await listDeliveries(owner.id, firstPage)).items.map((item) => item.id)).toEqual([mine.id]);
    const withTheirCursor = await listDeliveries(owner.id, deliveryLogQuerySchema.parse({ cursor: theirs.id }));
    expect(withTheirCursor.items.map((item) => item.id)).not.toContain(theirs.id);
    expect((await listDeliveries(stranger.id, firstPage)).counts.queued).toBe(1);
  });

  it("answers a cursor that matches nothing (an edited address) with an empty page, not an error", async () => {
    const user = await newUser();
    await delivery(await batchEvent(user.id));
    const page = await listDeliveries(user.id, deliveryLogQuerySchema.parse({ cursor: "no-such-delivery" }));
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBeNull();
    expect(page.total).toBe(1);
  });

  it("says why in words, shows in-app rows as In-app, and names the batch with a link", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id, ["contacts.csv", "b.csv", "c.csv"]);
    const deferUntil = new Date("2030-03-04T07:00:00Z");
    await delivery(event, { status: "skipped_preference", reason: "batch_contract", createdAt: minutesAgo(3) });
    await delivery(event, { status: "deferred", reason: "quiet_hours", deferUntil, createdAt: minutesAgo(2) });
    await inAppNotification(event, { reason: "quiet_hours", createdAt: minutesAgo(1) });

    const [inApp, deferred, skipped] = (await listDeliveries(user.id, firstPage)).items;
    expect(skipped).toMatchObject({ status: "skipped_preference", reasonText: "The upload asked for no email for this outcome" });
    expect(deferred?.reasonText).toBe("Held back for quiet hours until Mar 4, 7:00 AM UTC");
    expect(deferred?.timeline.map((step) => step.label)).toEqual(["Created", "Deferred until"]);
    expect(deferred?.timeline[1]?.at).toEqual(deferUntil);
    expect(inApp).toMatchObject({ channel: "in_app", recipientLabel: "In-app", channelLabel: "In-app" });
    expect(inApp?.reasonText).toMatch(/^Shown in the app at once/);
    expect(skipped?.categoryLabel).toBe("Batch succeeded");
    expect(skipped?.batch).toEqual({ id: event.batchId, title: "contacts.csv and 2 more", href: `/batches/${event.batchId}` });
  });

  it("shows a webhook delivery's endpoint by its URL, not its id", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    const endpoint = await db().webhookEndpoint.create({
      data: { userId: user.id, url: "https://hooks.acme-mail.com/tidings", events: ["batch.succeeded"], secret: "whsec_dGVzdA==" },
    });
    await delivery(event, { channel: "webhook", recipient: endpoint.id, createdAt: minutesAgo(2) });
    await delivery(event, { channel: "webhook", recipient: "an-endpoint-since-deleted", createdAt: minutesAgo(1) });
    const [gone, kept] = (await listDeliveries(user.id, firstPage)).items;
    expect(kept).toMatchObject({ channelLabel: "Webhook", recipientLabel: "https://hooks.acme-mail.com/tidings" });
    expect(gone?.recipientLabel).toBe("A deleted endpoint");
  });

  it("builds the timeline from created through sent to delivered, or to what went wrong", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    const [created, sent, deliveredAt, bounceCreated, bounceSent, bouncedAt] = [9, 8, 7, 6, 5, 4].map(minutesAgo);
    await delivery(event, { status: "delivered", createdAt: created, sentAt: sent, deliveredAt, providerMessageId: "re_123" });
    await delivery(event, { status: "bounced", createdAt: bounceCreated, sentAt: bounceSent, failedAt: bouncedAt });

    const [bounced, delivered] = (await listDeliveries(user.id, firstPage)).items;
    expect(delivered?.timeline.map(({ step, at }) => [step, at])).toEqual([
      ["created", created],
      ["sent", sent],
      ["delivered", deliveredAt],
    ]);
    expect(bounced?.timeline.map(({ step, at }) => [step, at])).toEqual([
      ["created", bounceCreated],
      ["sent", bounceSent],
      ["bounced", bouncedAt],
    ]);
    expect(delivered?.timeline.map((step) => step.label)).toEqual(["Created", "Sent", "Delivered"]);
    expect(delivered?.providerMessageId).toBe("re_123");
  });
});

describe("deliveryLogQuerySchema", () => {
  it("turns values someone typed into the address bar into the defaults instead of failing", () => {
    expect(deliveryLogQuerySchema.parse({ status: "nonsense", limit: "-4", cursor: "" })).toEqual({ limit: 25 });
    expect(deliveryLogQuerySchema.parse({ status: ["failed", "sent"] })).toEqual({ limit: 25 });
    expect(deliveryLogQuerySchema.parse({ status: "bounced", cursor: "abc" })).toEqual({ status: "bounced", cursor: "abc", limit: 25 });
  });
});
