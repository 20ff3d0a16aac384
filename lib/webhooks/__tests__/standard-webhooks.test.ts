// Signing as Standard Webhooks specifies it: a receiver's off-the-shelf library must
// accept what Tidings sends, and nothing else may pass.
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, standardWebhookHeaders, verifyStandardWebhook, webhookSecretSchema } from "../standard-webhooks";

const body = JSON.stringify({ type: "batch.succeeded", data: { batch_id: "b_1" } });

describe("Standard Webhooks signing", () => {
  it("reproduces the specification's published test vector", () => {
    expect(signWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    );
  });

  it("signs a body that then verifies, with the id and timestamp sent", () => {
    const secret = generateWebhookSecret();
    const now = new Date("2026-11-24T12:00:00Z");
    const headers = standardWebhookHeaders(secret, "dlv_1", body, now);
    expect(headers["webhook-id"]).toBe("dlv_1");
    expect(headers["webhook-timestamp"]).toBe(String(now.getTime() / 1000));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(verifyStandardWebhook(body, new Headers(headers), secret, now)).toEqual({ ok: true, id: "dlv_1", timestamp: now });
  });

  it("fails for a body changed by one character, another secret, another id or an old timestamp", () => {
    const secret = generateWebhookSecret();
    const headers = standardWebhookHeaders(secret, "dlv_1", body);
    expect(verifyStandardWebhook(body.replace("b_1", "b_2"), new Headers(headers), secret)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyStandardWebhook(body, new Headers(headers), generateWebhookSecret())).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyStandardWebhook(body, new Headers({ ...headers, "webhook-id": "dlv_2" }), secret)).toEqual({ ok: false, reason: "bad_signature" });
    const old = standardWebhookHeaders(secret, "dlv_1", body, new Date(Date.now() - 6 * 60_000));
    expect(verifyStandardWebhook(body, new Headers(old), secret)).toEqual({ ok: false, reason: "stale_timestamp" });
  });

  it("makes secrets in the whsec_ format with 32 random bytes, different each time", () => {
    const secret = generateWebhookSecret();
    expect(webhookSecretSchema.safeParse(secret).success).toBe(true);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
