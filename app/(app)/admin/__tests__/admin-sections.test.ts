// The admin page's sections as rendered HTML: labelled tables with headers, empty
// states, Replay per dead-letter job, the search form's labels and links that keep
// the search. Real Postgres and pg-boss.
import type { PgBoss } from "pg-boss";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverySearchSchema } from "@/lib/admin/search-deliveries";
import { db } from "@/lib/db/client";
import { batchEvent, delivery, minutesAgo, newUser } from "@/lib/notifications/__tests__/support/delivery-rows";
import { DeadLettersSection } from "../dead-letters-section";
import { DeliverySearchSection } from "../delivery-search-section";
import { QueuesSection } from "../queues-section";
import { startQueueDatabase } from "@/lib/queue/__tests__/support/queue-database";

// The server action pulls in Auth.js, which needs Next's runtime; rendering only passes it to the form.
vi.mock("../actions", () => ({ replayDeadLetterJobAction: async () => null }));

const caller = { email: "ops@example.com", adminEmails: ["ops@example.com"] };
let boss: PgBoss;

beforeAll(async () => {
  boss = await startQueueDatabase();
});

afterAll(async () => {
  await boss.stop({ graceful: false });
});

// <wbr> (a place an address may wrap) is no space to a reader; other tags are.
const text = (html: string) => html.replace(/<wbr\s*\/?>/g, "").replace(/<[^>]+>/g, " ").replaceAll("&amp;", "&").replace(/\s+/g, " ");

describe("admin sections", () => {
  it("says so when no job has failed for good, then lists one with a Replay button and a link to its delivery", async () => {
    const empty = renderToStaticMarkup(await DeadLettersSection({ caller, timeZone: "UTC" }));
    expect(text(empty)).toContain("No job has failed for good.");
    expect(empty).not.toContain("<table");

    await boss.send("notification.send-email", { deliveryId: "d_42" }, { retryLimit: 0 });
    const [job] = await boss.fetch("notification.send-email");
    await boss.fail("notification.send-email", job!.id, { message: "Invalid `to` field." });

    const html = renderToStaticMarkup(await DeadLettersSection({ caller, timeZone: "UTC" }));
    expect(html).toMatch(/<caption[^>]*>Jobs that failed for good, newest first<\/caption>/);
    expect(html).toContain('<th scope="row"');
    expect(text(html)).toContain("notification.send-email");
    expect(text(html)).toContain("deliveryId: d_42");
    expect(text(html)).toContain("Invalid `to` field.");
    expect(text(html)).toContain(`Replay job `);
    expect(html).toContain('href="/admin?deliveryId=d_42#deliveries"');
    expect(html).toMatch(/<input type="hidden" name="queue" value="notification.send-email"\/>/);
  });

  it("shows every queue with its numbers in a table with column headers", async () => {
    const html = renderToStaticMarkup(await QueuesSection({ caller }));
    expect(html.match(/<th scope="col"/g)).toHaveLength(8);
    for (const queue of ["batch.process-file", "notification.notify", "notification.send-email", "webhook.deliver", "maintenance.clean-up", "admin.send-alerts"]) {
      expect(html).toContain(`<code>${queue}</code>`);
    }
    // The failed email above: 1 failed of 1 finished.
    expect(text(html)).toMatch(/notification\.send-email 0 0 0 1 0 1 100 %/);
  });

  it("labels the search fields, shows matches with full addresses and keeps the search in the page links", async () => {
    const user = await newUser("owner");
    const event = await batchEvent(user.id);
    for (let i = 3; i >= 1; i -= 1) await delivery(event, { status: "bounced", recipient: `bounce-${i}@example.org`, createdAt: minutesAgo(i) });

    const search = deliverySearchSchema.parse({ recipient: "bounce-", status: "bounced", limit: "2" });
    const html = renderToStaticMarkup(await DeliverySearchSection({ caller, search, timeZone: "UTC" }));
    for (const [id, label] of [
      ["search-recipient", "Recipient"],
      ["search-status", "Status"],
      ["search-delivery-id", "Delivery id"],
      ["search-provider-id", "Provider message id"],
    ]) {
      expect(html).toMatch(new RegExp(`<label class="label" for="${id}">${label}</label>`));
    }
    expect(text(html)).toContain("bounce-1@example.org");
    expect(text(html)).toContain(user.email);
    expect(html).toContain('href="/admin?recipient=bounce-1%40example.org#deliveries"');
    expect(html).toMatch(/href="\/admin\?recipient=bounce-&amp;status=bounced&amp;cursor=\w+#deliveries"[^>]*>Older/);

    const none = renderToStaticMarkup(await DeliverySearchSection({ caller, search: deliverySearchSchema.parse({ recipient: "nobody" }), timeZone: "UTC" }));
    expect(text(none)).toContain("No delivery matches this search.");
  });

  it("shows times on the admin's clock and people by address, not by id", async () => {
    const user = await newUser("owner");
    const event = await batchEvent(user.id);
    const endpoint = await db().webhookEndpoint.create({
      data: { userId: user.id, url: "https://hooks.acme-mail.com/admin-view", events: ["batch.succeeded"], secret: "whsec_dGVzdA==" },
    });
    const inApp = await delivery(event, { channel: "in_app", recipient: user.id, createdAt: new Date("2026-03-04T12:00:00Z") });
    const webhook = await delivery(event, { channel: "webhook", recipient: endpoint.id });

    const byId = (deliveryId: string) => deliverySearchSchema.parse({ deliveryId });
    const inAppHtml = text(renderToStaticMarkup(await DeliverySearchSection({ caller, search: byId(inApp.id), timeZone: "Asia/Kolkata" })));
    expect(inAppHtml).toContain(`In-app, ${user.email}`);
    expect(inAppHtml).not.toContain(`${user.id} `);
    expect(inAppHtml).toContain("Mar 4, 2026, 5:30 PM GMT+5:30");
    const webhookHtml = text(renderToStaticMarkup(await DeliverySearchSection({ caller, search: byId(webhook.id), timeZone: "UTC" })));
    expect(webhookHtml).toContain("https://hooks.acme-mail.com/admin-view");
    expect(webhookHtml).not.toContain(endpoint.id);
  });
});
