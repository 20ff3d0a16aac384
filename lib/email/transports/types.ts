// What every transport accepts and returns, so sendEmail() does not care which one runs.
import type { EmailTransportKind } from "../../env";

export type EmailTag = { name: string; value: string };

/** Resend's limit for one batch call. */
export const MAX_BATCH_EMAILS = 100;

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
  /**
   * Sends up to MAX_BATCH_EMAILS messages in one call, all or none, where the
   * provider has such a call; `idempotencyKey` covers the whole call. Answers the
   * provider ids in the messages' order; throws EmailSendError on failure.
   */
  sendBatch?(messages: OutgoingEmail[], idempotencyKey: string): Promise<{ providerMessageIds: string[] }>;
  /** Releases pooled connections; tests and shutdown call it. */
  close(): Promise<void>;
};
