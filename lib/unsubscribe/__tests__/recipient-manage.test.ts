// The manage page of an extra recipient: its listing, and POST /u/<token>/manage end
// to end through the route handler, against the real database.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/unsubscribe/[token]/manage/route";
import { createScratchDatabase } from "../../db/__tests__/support/scratch-database";
import { db } from "../../db/client";
import { newUser } from "../../notifications/__tests__/support/finished-batch";
import { loadPreferences } from "../../notifications/preferences/preference-store";
import { suppress } from "../../notifications/deliveries/suppression";
import { recipientSubscriptions, setRecipientCategory } from "../recipient-subscriptions";
import { createUnsubscribeToken } from "../unsubscribe-token";

beforeAll(async () => {
  process.env.DATABASE_URL = await createScratchDatabase({ migrated: true });
});

const colleagueAddress = () => `colleague-${randomUUID()}@example.com`;
const tokenFor = (email: string, ownerUserId?: string) => createUnsubscribeToken({ email, category: "batch_succeeded", ownerUserId });

function save(token: string, receive: string[], intent = "save") {
  const body = new URLSearchParams([["intent", intent], ...receive.map((category) => ["receive", category])]).toString();
  const request = new Request(`http://localhost:3000/u/${token}/manage`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return POST(request, { params: Promise.resolve({ token }) });
}

const optOuts = (email: string, ownerUserId: string) =>
  db()
    .recipientOptOut.findMany({ where: { email, ownerUserId }, select: { category: true }, orderBy: { category: "asc" } })
    .then((rows) => rows.map((row) => row.category));

describe("recipientSubscriptions", () => {
  it("lists the outcome emails and the digest as received when there is no opt-out, with the owner's address", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    expect(await recipientSubscriptions({ email: colleague, ownerUserId: owner.id })).toEqual({
      kind: "recipient",
      email: colleague,
      ownerEmail: owner.email,
      categories: [
        { category: "batch_succeeded", receiving: true },
        { category: "batch_failed", receiving: true },
        { category: "digest", receiving: true },
      ],
      suppression: null,
    });
  });

  it("shows an opt-out as off, only for the owner it was made for, and a suppression with its reason", async () => {
    const owner = await newUser();
    const otherOwner = await newUser();
    const colleague = colleagueAddress();
    expect(await setRecipientCategory({ email: colleague.toUpperCase(), ownerUserId: owner.id }, "batch_failed", false)).toEqual({ ok: true });
    await suppress(colleague, "bounced", "550 no such user");

    const listing = await recipientSubscriptions({ email: colleague, ownerUserId: owner.id });
    expect(listing).toMatchObject({
      categories: [
        { category: "batch_succeeded", receiving: true },
        { category: "batch_failed", receiving: false },
        { category: "digest", receiving: true },
      ],
      suppression: "bounced",
    });
    const other = await recipientSubscriptions({ email: colleague, ownerUserId: otherOwner.id });
    expect(other).toMatchObject({ categories: [{ receiving: true }, { receiving: true }, { receiving: true }] });
  });

  it("sends the owner's own address to their settings, and has nothing to list without an owner", async () => {
    const owner = await newUser();
    expect(await recipientSubscriptions({ email: owner.email, ownerUserId: owner.id })).toEqual({ kind: "user" });
    expect(await recipientSubscriptions({ email: colleagueAddress() })).toEqual({ kind: "no_owner", suppression: null });
    expect(await recipientSubscriptions({ email: colleagueAddress(), ownerUserId: "deleted-owner" })).toEqual({ kind: "no_owner", suppression: null });
  });
});

describe("POST /u/<token>/manage", () => {
  it("turns categories off and on again, answering 303 back to the page with saved=1", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const token = tokenFor(colleague, owner.id);

    const off = await save(token, ["batch_failed", "digest"]);
    expect(off.status).toBe(303);
    const location = new URL(off.headers.get("location") ?? "");
    expect(location.pathname).toBe(`/u/${token}/manage`);
    expect(location.searchParams.get("saved")).toBe("1");
    expect(await optOuts(colleague, owner.id)).toEqual(["batch_succeeded"]);

    expect((await save(token, [])).status).toBe(303);
    expect(await optOuts(colleague, owner.id)).toEqual(["batch_failed", "batch_succeeded", "digest"]);

    expect((await save(token, ["batch_succeeded", "batch_failed", "digest"])).status).toBe(303);
    expect(await optOuts(colleague, owner.id)).toEqual([]);
    // The owner's own preferences and the suppression list are untouched throughout.
    expect((await loadPreferences(owner.id)).categories.batch_succeeded.channels.email).toBe(true);
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(0);
  });

  it("unsubscribes from all and back from the manage page, answering 303 back to it with what happened", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const token = tokenFor(colleague, owner.id);

    const off = await save(token, [], "unsubscribe_all");
    expect(off.status).toBe(303);
    const location = new URL(off.headers.get("location") ?? "");
    expect(location.pathname).toBe(`/u/${token}/manage`);
    expect(location.searchParams.get("done")).toBe("unsubscribed_all");
    expect(await db().suppression.findUnique({ where: { email: colleague } })).toMatchObject({ reason: "unsubscribed" });
    // The per-owner choices are left as they were, for when they subscribe again.
    expect(await optOuts(colleague, owner.id)).toEqual([]);

    const on = await save(token, [], "resubscribe_all");
    expect(new URL(on.headers.get("location") ?? "").searchParams.get("done")).toBe("resubscribed_all");
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(0);
  });

  it("changes only the address and owner of its own token", async () => {
    const ownerA = await newUser();
    const ownerB = await newUser();
    const colleague = colleagueAddress();
    const someoneElse = colleagueAddress();
    expect((await save(tokenFor(colleague, ownerA.id), [])).status).toBe(303);
    expect(await optOuts(colleague, ownerA.id)).toEqual(["batch_failed", "batch_succeeded", "digest"]);
    expect(await optOuts(colleague, ownerB.id)).toEqual([]);
    expect(await optOuts(someoneElse, ownerA.id)).toEqual([]);
    // A form field cannot widen the token's scope.
    const body = "intent=save&email=" + encodeURIComponent(someoneElse) + "&ownerUserId=" + ownerB.id;
    const token = tokenFor(colleague, ownerA.id);
    await POST(new Request(`http://localhost:3000/u/${token}/manage`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } }), {
      params: Promise.resolve({ token }),
    });
    expect(await optOuts(someoneElse, ownerB.id)).toEqual([]);
  });

  it("refuses tampered, foreign and mangled tokens with 400 and changes nothing", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const token = tokenFor(colleague, owner.id);
    const [payload, signature] = token.split(".") as [string, string];
    // A token for owner A's recipient, with the owner id swapped for another, keeps A's signature.
    const forged = `${Buffer.from(Buffer.from(payload, "base64url").toString("utf8").replace(owner.id, (await newUser()).id)).toString("base64url")}.${signature}`;
    const foreign = createUnsubscribeToken({ email: colleague, category: "batch_succeeded", ownerUserId: owner.id }, { current: "another-installation-secret-of-32-chars!!" });
    for (const bad of [forged, foreign, token.slice(0, -5), "nonsense"]) {
      const response = await save(bad, []);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "bad_request" } });
    }
    expect(await db().recipientOptOut.count({ where: { email: colleague } })).toBe(0);
  });

  it("refuses a body without the form's marker or with an unknown category", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const token = tokenFor(colleague, owner.id);
    expect((await save(token, [], "")).status).toBe(400);
    expect((await save(token, [], "unsubscribe")).status).toBe(400);
    expect((await save(token, ["results_expiring"])).status).toBe(400);
    expect(await db().recipientOptOut.count({ where: { email: colleague } })).toBe(0);
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(0);
  });

  it("changes nothing for a user's own token and sends them to their settings", async () => {
    const user = await newUser();
    for (const response of [await save(tokenFor(user.email, user.id), []), await save(tokenFor(user.email, user.id), [], "unsubscribe_all")]) {
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get("location") ?? "").pathname).toBe("/settings/notifications");
    }
    const preferences = await loadPreferences(user.id);
    expect(preferences.categories.batch_succeeded.channels.email).toBe(true);
    expect(preferences.categories.batch_failed.channels.email).toBe(true);
    expect(await db().recipientOptOut.count({ where: { ownerUserId: user.id } })).toBe(0);
    expect(await db().suppression.count({ where: { email: user.email.toLowerCase() } })).toBe(0);
  });

  it("answers 404 without an owner, rather than suppressing the address", async () => {
    const colleague = colleagueAddress();
    expect((await save(tokenFor(colleague), [])).status).toBe(404);
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(0);
  });

  it("still unsubscribes from all, and back, when the owner's account is gone", async () => {
    const owner = await newUser();
    const colleague = colleagueAddress();
    const token = tokenFor(colleague, owner.id);
    await db().user.delete({ where: { id: owner.id } });
    expect(new URL((await save(token, [], "unsubscribe_all")).headers.get("location") ?? "").searchParams.get("done")).toBe("unsubscribed_all");
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(1);
    expect(new URL((await save(token, [], "resubscribe_all")).headers.get("location") ?? "").searchParams.get("done")).toBe("resubscribed_all");
    expect(await db().suppression.count({ where: { email: colleague } })).toBe(0);
  });
});
