// Which email a delivery gets: one composer per event type, each a pure function of
// the event's frozen snapshot and the delivery's frozen context (recipient, time
// zone, decision time), so a retried send renders the very same bytes.
import { z } from "zod";
import { BATCH_FINISHED, batchFinishedPayloadSchema } from "../events/batch-finished";
import { composeBatchEmail, type ComposedEmail } from "./compose-batch-email";
import { composeDigestEmail } from "./compose-digest-email";
import { composeResultsExpiringEmail } from "./compose-results-expiring-email";
import { DIGEST, digestPayloadSchema } from "../events/digest";
import { configurableCategorySchema } from "../preferences/notification-preferences";
import { RESULTS_EXPIRING, resultsExpiringPayloadSchema } from "../events/results-expiring";

const deliveryContextSchema = z.object({ timeZone: z.string(), extraRecipient: z.boolean().optional() }).loose();

export type DeliveryToCompose = {
  recipient: string;
  category: string;
  /** The event's owner: an unsubscribe by an extra recipient is stored against them. */
  userId: string;
  context: unknown;
  /** When the delivery was decided: the unsubscribe token's issue time. */
  createdAt: Date;
  event: { type: string; batchId: string | null; payload: unknown };
};

type Common = { recipient: string; ownerUserId: string; timeZone: string; decidedAt: Date; forExtraRecipient: boolean; appUrl: string };
type Composer = (delivery: DeliveryToCompose, common: Common) => ComposedEmail | null;

const composers = new Map<string, Composer>([
  [
    BATCH_FINISHED,
    (delivery, common) => {
      const payload = batchFinishedPayloadSchema.safeParse(delivery.event.payload);
      const category = configurableCategorySchema.safeParse(delivery.category);
      if (!payload.success || !category.success || !delivery.event.batchId) return null;
      return composeBatchEmail({ ...common, batchId: delivery.event.batchId, payload: payload.data, category: category.data });
    },
  ],
  [
    DIGEST,
    (delivery, common) => {
      const payload = digestPayloadSchema.safeParse(delivery.event.payload);
      return payload.success ? composeDigestEmail({ ...common, payload: payload.data }) : null;
    },
  ],
  [
    RESULTS_EXPIRING,
    (delivery, common) => {
      const payload = resultsExpiringPayloadSchema.safeParse(delivery.event.payload);
      return payload.success ? composeResultsExpiringEmail({ ...common, payload: payload.data }) : null;
    },
  ],
]);

/** Null when the event's data cannot be read (or no email exists for its type): it never will be. */
export function composeDeliveryEmail(delivery: DeliveryToCompose, appUrl: string): ComposedEmail | null {
  const composer = composers.get(delivery.event.type);
  if (!composer) return null;
  const context = deliveryContextSchema.safeParse(delivery.context).data;
  return composer(delivery, {
    recipient: delivery.recipient,
    ownerUserId: delivery.userId,
    timeZone: context?.timeZone ?? "UTC",
    decidedAt: delivery.createdAt,
    forExtraRecipient: context?.extraRecipient === true,
    appUrl,
  });
}
