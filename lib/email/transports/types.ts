// What every transport accepts and returns, so sendEmail() does not care which one runs.
import type { EmailTransportKind } from "../../env";

export type EmailTag = { name: string; value: string };

/** A fully rendered message, ready to hand to a provider. */
export type OutgoingEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: EmailTag[];
  /** Lets a provider drop a repeat of the same send (Resend keeps keys for 24 h). */
  idempotencyKey?: string;
};

export type EmailTransport = {
  readonly kind: EmailTransportKind;
  /** Sends one message; throws EmailSendError on failure. */
  send(message: OutgoingEmail): Promise<{ providerMessageId: string }>;
  /** Releases pooled connections; tests and shutdown call it. */
  close(): Promise<void>;
};
