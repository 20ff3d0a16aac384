// Sends over SMTP with nodemailer, for self-hosters with their own mail server.
import nodemailer from "nodemailer";
import { EmailSendError } from "../email-send-error";
import type { EmailTransport, OutgoingEmail } from "./types";

export function createSmtpTransport(url: string): EmailTransport {
  // Created once and reused; add ?pool=true to SMTP_URL to keep connections open between sends.
  const transporter = nodemailer.createTransport(url);

  return {
    kind: "smtp",
    async send(message: OutgoingEmail) {
      try {
        const info = await transporter.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          headers: message.headers,
          // SMTP has no idempotency keys; a stable Message-ID at least lets receivers spot a repeat.
          messageId: message.idempotencyKey ? `<${message.idempotencyKey}@${domainOf(message.from)}>` : undefined,
        });
        return { providerMessageId: info.messageId };
      } catch (error) {
        throw toEmailSendError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? "tidings.localhost";
}

/** SMTP 4xx replies are temporary by definition (RFC 5321 §4.2.1); 5xx are permanent. */
function toEmailSendError(error: unknown): EmailSendError {
  const responseCode = readNumber(error, "responseCode");
  const code = readString(error, "code") ?? "ESMTP";
  const retryable = responseCode === null ? code !== "EENVELOPE" && code !== "EAUTH" : responseCode < 500;
  const message = error instanceof Error ? error.message : String(error);
  return new EmailSendError(`SMTP server did not accept the email: ${message}`, {
    transport: "smtp",
    statusCode: responseCode,
    code,
    retryable,
  }, { cause: error });
}

function readNumber(value: unknown, key: string): number | null {
  if (typeof value !== "object" || value === null || !(key in value)) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "number" ? field : null;
}

function readString(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || !(key in value)) return undefined;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
