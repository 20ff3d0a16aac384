// Keeps what each request to an endpoint sent and got back, so its owner can see why
// a webhook did not arrive. Only the newest attempts per endpoint are kept: enough to
// debug with, and a busy or broken endpoint cannot grow the table without bound.
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";

export const ATTEMPTS_KEPT_PER_ENDPOINT = 100;
/** Request bodies are small (20 files at most); this only guards against surprises. */
const REQUEST_BODY_KEPT_CHARS = 16_384;

export type WebhookAttemptRecord = Omit<Prisma.WebhookAttemptUncheckedCreateInput, "id" | "attemptedAt">;

export async function recordWebhookAttempt(attempt: WebhookAttemptRecord): Promise<{ id: string }> {
  const requestBody =
    attempt.requestBody.length > REQUEST_BODY_KEPT_CHARS ? `${attempt.requestBody.slice(0, REQUEST_BODY_KEPT_CHARS)}… (truncated)` : attempt.requestBody;
  const created = await db().webhookAttempt.create({ data: { ...attempt, requestBody }, select: { id: true } });
  await db().$executeRaw`
    DELETE FROM "WebhookAttempt" WHERE id IN (
      SELECT id FROM "WebhookAttempt" WHERE "endpointId" = ${attempt.endpointId}
      ORDER BY "attemptedAt" DESC, id DESC OFFSET ${ATTEMPTS_KEPT_PER_ENDPOINT})`;
  return created;
}
