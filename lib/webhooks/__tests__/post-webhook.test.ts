// One request to an endpoint: it goes to the address that was checked, follows no
// redirect, gives up at the deadline, keeps 2 KB of the answer, and never reaches a
// private address unless allowed. A local receiver plays the endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postWebhook, RESPONSE_BODY_LIMIT_BYTES } from "../post-webhook";
import { startWebhookReceiver, type WebhookReceiver } from "./support/webhook-receiver";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
beforeEach(() => receiver.reset());
afterAll(() => receiver.stop());

const body = JSON.stringify({ type: "webhook.test" });
const post = (fields: Partial<Parameters<typeof postWebhook>[0]> = {}) =>
  postWebhook({ url: receiver.url, headers: { "webhook-id": "msg_1" }, body, allowPrivate: true, ...fields });

describe("postWebhook", () => {
  it("POSTs the body as JSON with the given headers and reports the answer", async () => {
    receiver.answerNext({ status: 202, body: "accepted" });
    const result = await post();
    expect(result).toMatchObject({ kind: "response", status: 202, responseBody: "accepted" });
    const [request] = receiver.requests();
    expect(request).toMatchObject({ method: "POST", path: "/hooks", body });
    expect(request!.headers.get("content-type")).toBe("application/json");
    expect(request!.headers.get("webhook-id")).toBe("msg_1");
  });

  it("connects to the address the name was checked at, not to what DNS says later", async () => {
    const port = new URL(receiver.url).port;
    // "hooks.example.test" resolves nowhere for real: the request can only arrive through the checked address.
    const result = await post({ url: `http://hooks.example.test:${port}/hooks`, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect(result).toMatchObject({ kind: "response", status: 200 });
    expect(receiver.requests()[0]!.headers.get("host")).toBe(`hooks.example.test:${port}`);
  });

  it("does not follow a redirect: the 3xx is the answer", async () => {
    receiver.answerNext({ status: 302, headers: { location: "/elsewhere" } });
    const result = await post();
    expect(result).toMatchObject({ kind: "response", status: 302, location: "/elsewhere" });
    expect(receiver.requests().map((request) => request.path)).toEqual(["/hooks"]);
  });

  it("keeps only the first 2 KB of a long answer", async () => {
    receiver.answerNext({ status: 500, body: "é".repeat(5000) });
    const result = await post();
    expect(result.kind).toBe("response");
    if (result.kind !== "response") return;
    expect(Buffer.byteLength(result.responseBody)).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT_BYTES);
    expect(result.responseBody.startsWith("éééé")).toBe(true);
    expect(result.responseBody.length).toBeGreaterThanOrEqual(1000);
  });

  it("gives up at the deadline", async () => {
    receiver.answerNext({ status: 200, delayMs: 2000 });
    const result = await post({ timeoutMs: 200 });
    expect(result).toMatchObject({ kind: "error", reason: "timeout", error: "No answer within 200 ms." });
    expect(result.durationMs).toBeLessThan(1500);
  });

  it("refuses a private target when not allowed, before any connection", async () => {
    const result = await post({ allowPrivate: false });
    expect(result).toMatchObject({ kind: "error", reason: "forbidden_address", error: "127.0.0.1 points to this machine (loopback); webhooks are only sent to public addresses." });
    const rebinding = await post({ allowPrivate: false, url: "http://rebind.example.test/hooks", resolve: async () => [{ address: "::ffff:127.0.0.1", family: 6 }] });
    expect(rebinding).toMatchObject({ kind: "error", reason: "forbidden_address" });
    expect(receiver.requests()).toHaveLength(0);
  });

  it("reports a refused connection as a network error", async () => {
    const closed = await startWebhookReceiver();
    await closed.stop();
    const result = await post({ url: closed.url });
    expect(result).toMatchObject({ kind: "error", reason: "network" });
    if (result.kind === "error") expect(result.error).toContain("ECONNREFUSED");
  });
});
