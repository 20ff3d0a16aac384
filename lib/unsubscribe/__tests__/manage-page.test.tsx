// The manage page as a recipient sees it (rendered to HTML, against the real database).
import { randomUUID } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import ManageSubscriptionsPage from "@/app/u/[token]/manage/page";
import UnsubscribePage from "@/app/u/[token]/page";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { newUser } from "../../notifications/__tests__/support/finished-batch";
import { suppress } from "../../notifications/deliveries/suppression";
import { unsubscribe } from "../manage-subscription";
import { setRecipientCategory } from "../recipient-subscriptions";
import { createUnsubscribeToken } from "../unsubscribe-token";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

const props = (token: string, searchParams: Record<string, string> = {}) => ({ params: Promise.resolve({ token }), searchParams: Promise.resolve(searchParams) });

describe("/u/<token>/manage", () => {
  it("names the address and the owner, checks what is on, and posts to itself", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    await setRecipientCategory({ email: colleague, ownerUserId: owner.id }, "batch_failed", false);
    const token = createUnsubscribeToken({ email: colleague, category: "batch_succeeded", ownerUserId: owner.id });
    const html = renderToStaticMarkup(await ManageSubscriptionsPage(props(token, { saved: "1" })));
    expect(html).toContain(`Emails to <strong>${colleague}</strong> from Tidings batches of <strong>${owner.email}</strong>`);
    expect(html).toContain(`action="/u/${token}/manage"`);
    expect(html).toContain('<input type="checkbox" name="receive" checked="" value="batch_succeeded"/>');
    expect(html).toContain('<input type="checkbox" name="receive" value="batch_failed"/>');
    expect(html).toContain("Your choices are saved.");
    expect(html).toContain('value="unsubscribe_all"');
    // Every form on the page answers back to it, "unsubscribe from all" included.
    expect(html).not.toContain(`action="/u/${token}"`);
  });

  it("says what its last button did, and offers to subscribe again after unsubscribing from all", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    const token = createUnsubscribeToken({ email: colleague, category: "batch_succeeded", ownerUserId: owner.id });
    await unsubscribe({ email: colleague, ownerUserId: owner.id, category: "all" });
    const html = renderToStaticMarkup(await ManageSubscriptionsPage(props(token, { done: "unsubscribed_all" })));
    expect(html).toContain('<p role="status">You are unsubscribed from all Tidings emails.</p>');
    expect(html).toContain('value="resubscribe_all"');
    expect(html).not.toContain('value="unsubscribe_all"');
    // A made-up result in the address bar is ignored.
    expect(renderToStaticMarkup(await ManageSubscriptionsPage(props(token, { done: "<script>" })))).not.toContain('role="status"');
  });

  it("offers to subscribe again after unsubscribing from all when the owner's account is gone", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    const token = createUnsubscribeToken({ email: colleague, category: "batch_succeeded", ownerUserId: owner.id });
    await db().user.delete({ where: { id: owner.id } });
    expect(renderToStaticMarkup(await ManageSubscriptionsPage(props(token)))).toContain('value="unsubscribe_all"');
    await unsubscribe({ email: colleague, ownerUserId: owner.id, category: "all" });
    const html = renderToStaticMarkup(await ManageSubscriptionsPage(props(token, { done: "unsubscribed_all" })));
    expect(html).toContain("You are unsubscribed from all Tidings emails.");
    expect(html).toContain('value="resubscribe_all"');
    expect(html).not.toContain('value="unsubscribe_all"');
  });

  it("says that a bounced address stays stopped, with nothing to press", async () => {
    const owner = await newUser();
    const colleague = `colleague-${randomUUID()}@example.com`;
    const token = createUnsubscribeToken({ email: colleague, category: "batch_succeeded", ownerUserId: owner.id });
    await suppress(colleague, "bounced", "550 no such user");
    const html = renderToStaticMarkup(await ManageSubscriptionsPage(props(token, { done: "still_suppressed_bounced" })));
    expect(html).toContain("Emails to this address stay stopped");
    expect(html).not.toContain('value="unsubscribe_all"');
    expect(html).not.toContain('value="resubscribe_all"');
  });

  it("redirects a user's own token to their notification settings", async () => {
    const user = await newUser();
    const token = createUnsubscribeToken({ email: user.email, category: "batch_succeeded", ownerUserId: user.id });
    await expect(ManageSubscriptionsPage(props(token))).rejects.toMatchObject({ digest: expect.stringContaining("/settings/notifications") });
  });

  it("is linked from the unsubscribe page of an extra recipient, not of a user", async () => {
    const owner = await newUser();
    const colleagueToken = createUnsubscribeToken({ email: `colleague-${randomUUID()}@example.com`, category: "batch_succeeded", ownerUserId: owner.id });
    expect(renderToStaticMarkup(await UnsubscribePage(props(colleagueToken)))).toContain(`href="/u/${colleagueToken}/manage"`);
    const ownerToken = createUnsubscribeToken({ email: owner.email, category: "batch_succeeded", ownerUserId: owner.id });
    const ownerHtml = renderToStaticMarkup(await UnsubscribePage(props(ownerToken)));
    expect(ownerHtml).not.toContain("/manage");
    expect(ownerHtml).toContain('href="/settings/notifications"');
  });
});
