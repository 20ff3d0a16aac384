// The delivery log as rendered HTML: the empty state, an accessible table with the
// reasons in words, the status filter and the page links. Real Postgres.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { deliveryLogQuerySchema } from "@/lib/notifications/deliveries/list-deliveries";
import { batchEvent, delivery, minutesAgo, newUser } from "@/lib/notifications/__tests__/support/delivery-rows";
import { DeliveryLogSection } from "../delivery-log-section";

async function render(userId: string, query: Record<string, unknown> = {}) {
  const html = renderToStaticMarkup(await DeliveryLogSection({ userId, query: deliveryLogQuerySchema.parse(query) }));
  // <wbr> (a place an address may wrap) is no space to a reader; other tags are.
  return { html, text: html.replace(/<wbr\s*\/?>/g, "").replace(/<[^>]+>/g, " ").replaceAll("&amp;", "&").replace(/\s+/g, " ") };
}

describe("Delivery log section", () => {
  it("explains what will appear when there is nothing yet", async () => {
    const { html, text } = await render((await newUser()).id);
    expect(text).toContain("No notifications yet. When a batch finishes, what was sent — or why not — shows up here.");
    expect(html).not.toContain("<table");
  });

  it("shows each delivery with its status, reason in words and batch link, in a table with headers", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id, ["contacts.csv", "more.csv"]);
    await delivery(event, { status: "skipped_preference", reason: "preference_off", recipient: "ada@example.com" });

    const { html, text } = await render(user.id);
    expect(html).toMatch(/<caption[^>]*>Notifications, newest first<\/caption>/);
    expect(html.match(/<th scope="col"/g)).toHaveLength(5);
    expect(html).toContain('<th scope="row"');
    expect(html).toContain(`href="/batches/${event.batchId}"`);
    expect(text).toContain("contacts.csv and 1 more");
    expect(text).toContain("ada@example.com");
    expect(text).toContain("Not sent");
    expect(text).toContain("Turned off in the recipient’s notification settings, or unsubscribed");
    expect(text).toContain("Not sent (1)");
  });

  it("links the status filter and the next page, keeping the filter", async () => {
    const user = await newUser();
    const event = await batchEvent(user.id);
    for (let i = 3; i >= 1; i -= 1) await delivery(event, { status: "failed", lastError: "Mailbox full", createdAt: minutesAgo(i) });
    await delivery(event, { status: "sent" });

    const { html, text } = await render(user.id, { status: "failed", limit: 2 });
    const currentFilter = /<a [^>]*aria-current="page"[^>]*>([^<]*)<\/a>/.exec(html);
    expect(currentFilter?.[0]).toContain('href="/settings/notifications?status=failed#delivery-log-title"');
    expect(currentFilter?.[1]).toBe("Failed (3)");
    expect(text).toContain("All (4)");
    expect(text).toContain("Mailbox full");
    expect(html).toMatch(/href="\/settings\/notifications\?status=failed&amp;cursor=\w+#delivery-log-title"[^>]*>Older/);
    expect(html).not.toContain(">Newest<");
  });
});
