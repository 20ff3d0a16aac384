// Through the real `resend` SDK to a local Resend-compatible server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeResendServer, type FakeResendServer } from "../../../e2e/support/fake-resend-server";
import { createElement } from "react";
import MagicLinkEmail from "../../../emails/magic-link";
import { env } from "../../env";
import { EmailSendError } from "../email-send-error";
import { sendEmail } from "../send-email";
import { createResendTransport } from "../transports/resend";
import type { EmailTransport, OutgoingEmail } from "../transports/types";

const apiKey = "re_test_123456789";

const message: OutgoingEmail = {
  from: "Tidings <no-reply@tidings.example>",
  to: ["alex@example.com"],
  subject: "Your batch is done",
  html: "<p>All <strong>3</strong> files processed.</p>",
  text: "All 3 files processed.",
  headers: { "X-Entity-Ref-ID": "batch_42" },
  tags: [{ name: "category", value: "batch_succeeded" }],
};

let server: FakeResendServer;
let transport: EmailTransport;

beforeAll(async () => {
  server = await startFakeResendServer();
  transport = createResendTransport({ apiKey, baseUrl: server.url });
});
beforeEach(() => server.reset());
afterAll(async () => {
  await server.stop();
});

describe("Resend transport", () => {
  it("POSTs the message to /emails with the API key and returns Resend's id", async () => {
    const { providerMessageId } = await transport.send(message);

    const [request, ...others] = server.requests();
    expect(others).toHaveLength(0);
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/emails");
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers["idempotency-key"]).toBeUndefined();
    expect(request?.body).toMatchObject({
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: { "X-Entity-Ref-ID": "batch_42" },
      tags: [{ name: "category", value: "batch_succeeded" }],
    });
    expect(providerMessageId).toBe(server.emails()[0]?.id);
    expect(providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends the Idempotency-Key header, so a repeat is not a second email", async () => {
    const first = await transport.send({ ...message, idempotencyKey: "delivery_abc" });
    const second = await transport.send({ ...message, idempotencyKey: "delivery_abc" });

    expect(server.requests().map((request) => request.headers["idempotency-key"])).toEqual([
      "delivery_abc",
      "delivery_abc",
    ]);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(server.emails()).toHaveLength(1);
  });

  it("refuses the same key with a different body with 409, as Resend does, and sends nothing", async () => {
    await transport.send({ ...message, idempotencyKey: "delivery_409" });
    const error = await transport.send({ ...message, subject: "Another subject", idempotencyKey: "delivery_409" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: 409, code: "invalid_idempotent_request", retryable: false });
    expect(server.emails()).toHaveLength(1);
  });

  it("sends several messages in one batch call under one key; a repeat gets the same ids and no new emails", async () => {
    const messages = [message, { ...message, to: ["sam@example.com"] }];
    const first = await transport.sendBatch!(messages, "grp_1");
    const again = await transport.sendBatch!(messages, "grp_1");
    expect(again).toEqual(first);
    expect(first.providerMessageIds).toHaveLength(2);
    expect(server.requests().map((request) => [request.path, request.headers["idempotency-key"]])).toEqual([
      ["/emails/batch", "grp_1"],
      ["/emails/batch", "grp_1"],
    ]);
    expect(server.emails()).toHaveLength(2);
  });

  it("surfaces a 429 as a retryable error with the status and Retry-After", async () => {
    server.failNext(1, { status: 429, retryAfterSeconds: 7 });

    const error = await transport.send(message).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({
      transport: "resend",
      statusCode: 429,
      code: "rate_limit_exceeded",
      retryable: true,
      retryAfterSeconds: 7,
    });
    expect(server.emails()).toHaveLength(0);
  });

  it("surfaces a 500 as retryable and a 422 as not retryable", async () => {
    server.failNext(1, { status: 500 });
    server.failNext(1, { status: 422, name: "validation_error", message: "Invalid `to` field." });

    const serverError = await transport.send(message).catch((caught: unknown) => caught);
    const validationError = await transport.send(message).catch((caught: unknown) => caught);

    expect(serverError).toMatchObject({ statusCode: 500, retryable: true });
    expect(validationError).toBeInstanceOf(EmailSendError);
    expect(validationError).toMatchObject({ statusCode: 422, code: "validation_error", retryable: false });
    expect((validationError as EmailSendError).retryAfterSeconds).toBeUndefined();
  });

  it("treats an unreachable API as retryable with no status", async () => {
    const offline = createResendTransport({ apiKey, baseUrl: "http://127.0.0.1:9" });
    const error = await offline.send(message).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ statusCode: null, retryable: true });
  });
});

describe("sendEmail through Resend", () => {
  const url = "https://tidings.example/sign-in/confirm?token=t1&email=alex%40example.com";
  const react = createElement(MagicLinkEmail, { url, host: "tidings.example", expiresInHours: 24 });

  it("renders HTML and text, sends from EMAIL_FROM and reports the provider's id", async () => {
    const result = await sendEmail(
      { to: "alex@example.com", subject: "Your Tidings sign-in link", react, idempotencyKey: "delivery_xyz" },
      transport,
    );

    const [request] = server.requests();
    const body = request?.body as { from: string; to: string[]; html: string; text: string };
    expect(result).toEqual({ transport: "resend", providerMessageId: server.emails()[0]?.id });
    expect(body.from).toBe(env().EMAIL_FROM);
    expect(body.to).toEqual(["alex@example.com"]);
    expect(body.html).toContain(`href="${url.replaceAll("&", "&amp;")}"`);
    expect(body.text).toContain(url);
    expect(body.text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(request?.headers["idempotency-key"]).toBe("delivery_xyz");
  });

  it("rethrows the transport's classified error", async () => {
    server.failNext(1, { status: 429, retryAfterSeconds: 2 });
    await expect(sendEmail({ to: "alex@example.com", subject: "Hi", react }, transport)).rejects.toMatchObject({
      name: "EmailSendError",
      statusCode: 429,
      retryAfterSeconds: 2,
    });
  });

  it("refuses header values that could inject extra headers, before sending anything", async () => {
    await expect(
      sendEmail({ to: "alex@example.com", subject: "Hi\r\nBcc: evil@example.com", react }, transport),
    ).rejects.toThrow(/line breaks/);
    expect(server.requests()).toHaveLength(0);
  });
});
