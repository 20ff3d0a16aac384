// Every type of notification event, in one catalogue. The notify job plans from it,
// sending composes from it, the bell and the delivery log describe from it, digests
// fold from it and webhooks take their bodies from it. A new event type is one module
// beside this file and one line here; the compiler checks the line's module is complete.
import type { Logger } from "../../log";
import { BATCH_FINISHED, batchFinishedEvent } from "./batch-finished";
import { DIGEST, digestEvent } from "./digest";
import type { EventSummary, NotificationEventKind } from "./notification-event-kind";
import { RECIPIENT_CONSENT, recipientConsentEvent } from "./recipient-consent";
import { RESULTS_EXPIRING, resultsExpiringEvent } from "./results-expiring";

export const EVENT_TYPES = [BATCH_FINISHED, DIGEST, RESULTS_EXPIRING, RECIPIENT_CONSENT] as const;
export type NotificationEventType = (typeof EVENT_TYPES)[number];

export const notificationEvents = {
  [BATCH_FINISHED]: batchFinishedEvent,
  [DIGEST]: digestEvent,
  [RESULTS_EXPIRING]: resultsExpiringEvent,
  [RECIPIENT_CONSENT]: recipientConsentEvent,
  // Each module is checked against NotificationEventKind of its own payload by
  // defineNotificationEvent; this checks that every type has one.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
} satisfies Record<NotificationEventType, NotificationEventKind<any>>;

/**
 * An event's kind with a payload that kind's own schema parsed. The payload's type is
 * erased here, once, so callers can hand it back to the same kind without casts.
 */
export type ReadEvent = { type: NotificationEventType; kind: NotificationEventKind<unknown>; payload: unknown };

/**
 * Reads a stored event: its kind from the catalogue and its payload parsed by the
 * kind's schema. Null for an unknown type or a payload that no longer parses (logged
 * when a logger is given): such an event can never be shown, sent or folded.
 */
export function readEvent(event: { id?: string; type: string; payload: unknown }, log?: Logger): ReadEvent | null {
  if (!Object.hasOwn(notificationEvents, event.type)) {
    log?.warn({ event: "notify.unknown_event", type: event.type, eventId: event.id }, "no rules for this event type");
    return null;
  }
  const type = event.type as NotificationEventType;
  const kind = notificationEvents[type] as NotificationEventKind<unknown>;
  const payload = kind.payload.safeParse(event.payload);
  if (!payload.success) {
    log?.warn({ event: "notify.unusable_event", type: event.type, eventId: event.id }, "the event's data cannot be read; skipped");
    return null;
  }
  return { type, kind, payload: payload.data };
}

/** The bell's and delivery log's words for an event; null for one about no one batch, or unreadable. */
export function describeEvent(event: { type: string; batchId: string | null; payload: unknown }): EventSummary | null {
  const read = readEvent(event);
  return read ? read.kind.describe(event, read.payload) : null;
}

export type { EventSummary } from "./notification-event-kind";
