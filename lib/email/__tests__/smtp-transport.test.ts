// Through nodemailer to a real SMTP server on 127.0.0.1, parsing what it received.
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmailSendError } from "../email-send-error";
import { createSmtpTransport } from "../transports/smtp";
import type { EmailTransport, OutgoingEmail } from "../transports/types";

const message: OutgoingEmail = {
  from: "Tidings <no-reply@tidings.example>",
  to: ["alex@example.com", "sam@example.com"],
  subject: "Your batch is done — 3 files",
  html: '<p>All <strong>3</strong> files processed. <a href="https://tidings.example/b/42">Open</a></p>',
  text: "All 3 files processed. Open: https://tidings.example/b/42",
  headers: {
    "List-Unsubscribe": "<https://tidings.example/u/token123>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "X-Entity-Ref-ID": "batch_42",
  },
  tags: [],
};

let received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
// Lets a test make the server refuse recipients with a given SMTP reply.
let rejectRecipientsWith: { code: number; text: string } | undefined;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (!rejectRecipientsWith) return callback();
    const error = Object.assign(new Error(rejectRecipientsWith.text), { responseCode: rejectRecipientsWith.code });
    callback(error);
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
        callback();
      })
      .catch(callback);
  },
});

let transport: EmailTransport;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
});
beforeEach(() => {
  received = [];
  rejectRecipientsWith = undefined;
});
afterAll(async () => {
  await transport.close();
  await new Promise<void>((resolve) => server.close(resolve));
});

describe("SMTP transport", () => {
  it("delivers from, to, subject, both bodies and custom headers", async () => {
    const { providerMessageId } = await transport.send(message);

    expect(received).toHaveLength(1);
    const [{ envelopeTo, mail } = expect.unreachable()] = received;
    expect(envelopeTo).toEqual(message.to);
    expect(mail.from?.value).toEqual([{ name: "Tidings", address: "no-reply@tidings.example" }]);
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((list) => list?.value.map((entry) => entry.address) ?? [])).toEqual(message.to);
    expect(mail.subject).toBe(message.subject);
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toContain('<a href="https://tidings.example/b/42">Open</a>');
    expect(mail.headers.get("x-entity-ref-id")).toBe("batch_42");
    // mailparser folds List-* headers into one structured object; the raw lines are what mail clients read.
    const rawLine = (key: string) => mail.headerLines.find((line) => line.key === key)?.line;
    expect(rawLine("list-unsubscribe")).toBe("List-Unsubscribe: <https://tidings.example/u/token123>");
    expect(rawLine("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(mail.messageId).toBe(providerMessageId);
  });

  it("derives a stable Message-ID from the idempotency key", async () => {
    await transport.send({ ...message, idempotencyKey: "delivery_abc" });
    expect(received[0]?.mail.messageId).toBe("<delivery_abc@tidings.example>");
  });

  it("reports a permanent 5xx refusal as not retryable", async () => {
    rejectRecipientsWith = { code: 550, text: "No such user" };
    const error = await transport.send(message).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EmailSendError);
    expect(error).toMatchObject({ transport: "smtp", statusCode: 550, retryable: false });
    expect(received).toHaveLength(0);
  });

  it("reports a temporary 4xx refusal as retryable", async () => {
    rejectRecipientsWith = { code: 451, text: "Try again later" };
    const error = await transport.send(message).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ transport: "smtp", statusCode: 451, retryable: true });
  });
});
