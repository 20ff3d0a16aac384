// An admin's Replay of a dead-lettered send: the dead-letter handler recorded the
// delivery as failed for good, and a replayed job finding it final would do nothing,
// so it is reopened first, in the replay's transaction.
import type { Tx } from "../../db/client";

/**
 * A delivery that gave up goes back to queued — with the rest of its send group,
 * which was given up together and must be resent together (same key, same bytes).
 * One the provider accepted (it has a provider id) stays as it is.
 */
export async function reopenDelivery(tx: Tx, deliveryId: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE "Delivery" SET status = 'queued', "failedAt" = NULL, "updatedAt" = ${new Date()}
    WHERE status = 'failed' AND "providerMessageId" IS NULL
      AND (id = ${deliveryId} OR "sendGroup" = (SELECT "sendGroup" FROM "Delivery" WHERE id = ${deliveryId}))`;
}
