import { describe, expect, it } from "vitest";
import { verifySvixSignature } from "../verify-svix-signature";
import { newSvixSecret, svixHeaders } from "./support/sign-svix";

const body = JSON.stringify({ type: "email.delivered", data: { email_id: "4ef9a417" } });
const MINUTE = 60 * 1000;
const SECRET = newSvixSecret();

function verify(headers: Record<string, string>, rawBody: string | Uint8Array = body, secret = SECRET, now = new Date()) {
  return verifySvixSignature(rawBody, new Headers(headers), secret, now);
}

describe("verifySvixSignature", () => {
  it("matches Svix's published example, so the signed content is the one Svix signs", () => {
    const headers = new Headers({
      "svix-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "svix-timestamp": "1614265330",
      "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    });
    const result = verifySvixSignature('{"test": 2432232314}', headers, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", new Date(1614265330 * 1000));
    expect(result).toEqual({ ok: true, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: new Date(1614265330 * 1000) });
  });

  it("accepts a body signed with the secret, as text or as bytes", () => {
    const headers = svixHeaders(body, SECRET, { id: "msg_1" });
    expect(verify(headers)).toMatchObject({ ok: true, id: "msg_1" });
    expect(verify(headers, new TextEncoder().encode(body))).toMatchObject({ ok: true });
  });

  it("refuses a body changed after signing, even by one character", () => {
    const headers = svixHeaders(body, SECRET);
    expect(verify(headers, body.replace("4ef9a417", "4ef9a418"))).toEqual({ ok: false, reason: "bad_signature" });
    expect(verify(headers, `${body} `)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature made with another secret", () => {
    expect(verify(svixHeaders(body, newSvixSecret()))).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature moved to another message id", () => {
    const headers = svixHeaders(body, SECRET, { id: "msg_original" });
    expect(verify({ ...headers, "svix-id": "msg_other" })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a timestamp more than 5 minutes old, even correctly signed", () => {
    const now = new Date();
    expect(verify(svixHeaders(body, SECRET, { timestamp: new Date(now.getTime() - 4 * MINUTE) }), body, SECRET, now)).toMatchObject({ ok: true });
    expect(verify(svixHeaders(body, SECRET, { timestamp: new Date(now.getTime() - 6 * MINUTE) }), body, SECRET, now)).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
  });

  it("refuses a timestamp more than 5 minutes ahead", () => {
    const now = new Date();
    expect(verify(svixHeaders(body, SECRET, { timestamp: new Date(now.getTime() + 6 * MINUTE) }), body, SECRET, now)).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
  });

  it("accepts a header with several signatures when one of them matches (a secret being rotated)", () => {
    const headers = svixHeaders(body, SECRET);
    const other = svixHeaders(body, newSvixSecret(), { id: headers["svix-id"] })["svix-signature"];
    const signature = `${other} v2,abc v1,short ${headers["svix-signature"]}`;
    expect(verify({ ...headers, "svix-signature": signature })).toMatchObject({ ok: true });
    expect(verify({ ...headers, "svix-signature": `${other} v1,short` })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a signature of another version", () => {
    const headers = svixHeaders(body, SECRET);
    expect(verify({ ...headers, "svix-signature": headers["svix-signature"].replace("v1,", "v2,") })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a request without each of the three headers, or with a timestamp that is not a number", () => {
    const headers = svixHeaders(body, SECRET);
    for (const name of ["svix-id", "svix-timestamp", "svix-signature"] as const) {
      const { [name]: _dropped, ...rest } = headers;
      expect(verify(rest)).toEqual({ ok: false, reason: "missing_headers" });
    }
    expect(verify({ ...headers, "svix-timestamp": "yesterday" })).toEqual({ ok: false, reason: "missing_headers" });
  });
});
