// Which email a delivery gets: its event type's composer (lib/notifications/events/),
// a pure function of the event's frozen snapshot and the delivery's frozen context
// (recipient, time zone, decision time), so a retried send renders the very same bytes.
import { z } from "zod";
import { readEvent } from "../events";
import type { ComposedEmail } from "./composed-email";

const deliveryContextSchema = z.object({ timeZone: z.string(), extraRecipient: z.boolean().optional() }).loose();

export type DeliveryToCompose = {
  recipient: string;
  category: string;
  /** The event's owner: an unsubscribe by an extra recipient is stored against them. */
  userId: string;
  context: unknown;
  /** When the delivery was decided: the unsubscribe token's issue time. */
  createdAt: Date;
  event: { id: string; type: string; batchId: string | null; payload: unknown; createdAt: Date };
};

/** Null when the event's data cannot be read (or no email exists for its type): it never will be. */
export function composeDeliveryEmail(delivery: DeliveryToCompose, appUrl: string): ComposedEmail | null {
  const read = readEvent(delivery.event);
  if (!read) return null;
  const context = deliveryContextSchema.safeParse(delivery.context).data;
  return read.kind.composeEmail(delivery.event, read.payload, delivery.category, {
    recipient: delivery.recipient,
    ownerUserId: delivery.userId,
    timeZone: context?.timeZone ?? "UTC",
    decidedAt: delivery.createdAt,
    forExtraRecipient: context?.extraRecipient === true,
    appUrl,
  });
}
