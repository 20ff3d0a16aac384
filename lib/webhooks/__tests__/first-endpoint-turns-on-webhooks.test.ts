// Adding a first webhook endpoint makes it work: its events' webhook switches turn on,
// even for someone whose stored preferences had them off.
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { defaultPreferences } from "../../notifications/preferences/notification-preferences";
import { loadPreferences, savePreferences } from "../../notifications/preferences/preference-store";
import { createWebhookEndpoint } from "../manage-endpoints";
import { newUser } from "./support/webhook-rows";

const URL_A = "https://hooks.acme-mail.com/tidings";
const URL_B = "https://hooks.acme-mail.com/other";

describe("the first webhook endpoint", () => {
  it("turns the webhook channel on for its events, and says which", async () => {
    const user = await newUser();
    // Stored preferences (a visit adopts the browser's zone) have webhooks off: no endpoint then.
    await savePreferences(user.id, defaultPreferences("Europe/Berlin"));

    const { webhookChannelOn } = await createWebhookEndpoint(user.id, { url: URL_A, events: ["batch.succeeded"] });
    expect(webhookChannelOn).toEqual(["batch_succeeded"]);
    const after = await loadPreferences(user.id);
    expect(after.categories.batch_succeeded.channels.webhook).toBe(true);
    expect(after.categories.batch_failed.channels.webhook).toBe(false);
    expect(after.timeZone).toBe("Europe/Berlin");
  });

  it("leaves a later choice alone: a second endpoint changes no switch", async () => {
    const user = await newUser();
    await savePreferences(user.id, defaultPreferences("UTC"));
    await createWebhookEndpoint(user.id, { url: URL_A, events: ["batch.succeeded"] });
    const { webhookChannelOn } = await createWebhookEndpoint(user.id, { url: URL_B, events: ["batch.failed"] });
    expect(webhookChannelOn).toEqual([]);
    expect((await loadPreferences(user.id)).categories.batch_failed.channels.webhook).toBe(false);
  });

  it("stores nothing for someone without stored preferences: the defaults already send webhooks", async () => {
    const user = await newUser();
    const { webhookChannelOn } = await createWebhookEndpoint(user.id, { url: URL_A, events: ["batch.failed", "batch.succeeded"] });
    expect(webhookChannelOn).toEqual(["batch_failed", "batch_succeeded"]);
    expect(await db().notificationPreference.findUnique({ where: { userId: user.id } })).toBeNull();
  });
});
