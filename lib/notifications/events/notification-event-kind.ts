// What the pipeline needs to know about each type of notification event, in one
// shape. Every type has one module under this folder that fills it in; index.ts
// gathers them and the compiler checks that none is missing.
import type { z } from "zod";
import type { Logger } from "../../log";
import type { ComposeContext, ComposedEmail } from "../compose/composed-email";
import type { DeliveryDraft, EventRow, Facts } from "../rules/delivery-draft";
import type { DigestBatchSnapshot, DigestExpiringSnapshot } from "./digest-snapshots";

/** An event as stored, with the moment it was written. */
export type StoredEvent = { id: string; type: string; batchId: string | null; payload: unknown; createdAt: Date };

/** What a person recognises a notification by, in the bell and the delivery log. */
export type EventSummary = {
  /** The batch page the notification is about. */
  batchId: string;
  /** "contacts.csv", "contacts.csv and 2 more". */
  batchTitle: string;
  /** The same words as the email's subject: "contacts.csv: 9,812 valid of 10,000". */
  headline: string;
};

/** How a notification folded into a digest shows there. */
export type DigestEntry = { batch: DigestBatchSnapshot } | { expiring: DigestExpiringSnapshot };

/** The JSON a webhook endpoint receives. */
export type WebhookBody = { type: string; timestamp: string; data: unknown };

export type NotificationEventKind<Payload> = {
  /** Reads the event's frozen payload; an event whose payload does not parse is skipped everywhere, with a log line. */
  payload: z.ZodType<Payload>;
  /** The notify job: one Delivery draft per channel × recipient, each with its decision. */
  plan: (event: EventRow, payload: Payload, facts: Facts, now: Date, log: Logger) => DeliveryDraft[];
  /** Addresses besides the owners' that this event may email, so their suppression and cap are loaded with the rest. */
  extraAddresses?: (payload: Payload) => string[];
  /** The email of one delivery of this event; null when no email can be made of it. */
  composeEmail: (event: StoredEvent, payload: Payload, category: string, context: ComposeContext) => ComposedEmail | null;
  /** The bell's and delivery log's words for it; null when it is about no one batch. */
  describe: (event: { batchId: string | null }, payload: Payload) => EventSummary | null;
  /** How it shows in a digest it was folded into; null when it cannot be folded (a digest itself). */
  foldIntoDigest: (event: StoredEvent, payload: Payload) => DigestEntry | null;
  /** The body for webhook endpoints; null for types no endpoint can subscribe to. */
  webhookBody: (event: StoredEvent, payload: Payload, appUrl: string) => WebhookBody | null;
};

export function defineNotificationEvent<Payload>(kind: NotificationEventKind<Payload>): NotificationEventKind<Payload> {
  return kind;
}
