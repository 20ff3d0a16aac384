// The admin delivery search over everyone's deliveries: each filter, paging, and
// refusal of non-admins.
import { beforeAll, describe, expect, it } from "vitest";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { batchEvent, delivery, minutesAgo, newUser } from "../../notifications/__tests__/support/delivery-rows";
import { searchDeliveries } from "../search-deliveries";

const admin = { email: "ops@example.com", adminEmails: ["ops@example.com"] };

let ids: Record<string, string>;

beforeAll(async () => {
  // Its own database: the search sees every delivery, so only this file's may exist.
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
  const [alice, bob] = [await newUser("alice"), await newUser("bob")];
  const [aliceEvent, bobEvent] = [await batchEvent(alice.id), await batchEvent(bob.id)];
  const rows = {
    aliceSent: await delivery(aliceEvent, { recipient: alice.email, status: "sent", providerMessageId: "re_msg_1", createdAt: minutesAgo(5) }),
    aliceBounced: await delivery(aliceEvent, { recipient: "Extra.Person@Example.org", status: "bounced", providerMessageId: "re_msg_2", createdAt: minutesAgo(4) }),
    bobFailed: await delivery(bobEvent, { recipient: bob.email, status: "failed", lastError: "Invalid `to` field.", attempts: 8, createdAt: minutesAgo(3) }),
    bobWebhook: await delivery(bobEvent, { channel: "webhook", recipient: "endpoint_1", status: "sent", createdAt: minutesAgo(2) }),
  };
  ids = Object.fromEntries(Object.entries(rows).map(([name, row]) => [name, row.id]));
});

const found = async (search: Parameters<typeof searchDeliveries>[1]) => (await searchDeliveries(admin, search)).items.map((item) => item.id);

describe("searchDeliveries", () => {
  it("lists everyone's deliveries newest first, with full addresses and their owner", async () => {
    const page = await searchDeliveries(admin, {});
    expect(page.items.map((item) => item.id)).toEqual([ids.bobWebhook, ids.bobFailed, ids.aliceBounced, ids.aliceSent]);
    expect(page.items[1]).toMatchObject({ recipient: expect.stringMatching(/^bob-.+@example\.com$/), ownerEmail: expect.stringMatching(/^bob-/), lastError: "Invalid `to` field.", attempts: 8 });
    expect(page.nextCursor).toBeNull();
  });

  it("filters by recipient (any part, any case), status, delivery id and provider message id", async () => {
    expect(await found({ recipient: "extra.person@example" })).toEqual([ids.aliceBounced]);
    expect(await found({ recipient: "  ALICE-" })).toEqual([ids.aliceSent]);
    expect(await found({ status: "sent" })).toEqual([ids.bobWebhook, ids.aliceSent]);
    expect(await found({ deliveryId: ids.bobFailed })).toEqual([ids.bobFailed]);
    expect(await found({ providerMessageId: "re_msg_2" })).toEqual([ids.aliceBounced]);
    expect(await found({ status: "sent", providerMessageId: "re_msg_2" })).toEqual([]);
    expect(await found({ recipient: "nobody@example.net" })).toEqual([]);
  });

  it("treats an unknown status or empty fields as no filter", async () => {
    expect(await found({ status: "exploded", recipient: "", deliveryId: "  " })).toHaveLength(4);
  });

  it("pages with a cursor", async () => {
    const first = await searchDeliveries(admin, { limit: 3 });
    expect(first.items.map((item) => item.id)).toEqual([ids.bobWebhook, ids.bobFailed, ids.aliceBounced]);
    expect(first.nextCursor).toBe(ids.aliceBounced);
    const second = await searchDeliveries(admin, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual([ids.aliceSent]);
    expect(second.nextCursor).toBeNull();
    // Paging keeps the filter.
    const sent = await searchDeliveries(admin, { status: "sent", limit: 1 });
    expect(sent.items.map((item) => item.id)).toEqual([ids.bobWebhook]);
    expect((await searchDeliveries(admin, { status: "sent", limit: 1, cursor: sent.nextCursor! })).items.map((item) => item.id)).toEqual([ids.aliceSent]);
  });

  it("refuses anyone not in ADMIN_EMAILS, and says nothing about the deliveries", async () => {
    await expect(searchDeliveries({ email: "alice@example.com", adminEmails: ["ops@example.com"] }, {})).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().delivery.count()).toBe(4);
  });
});
