// At upload: an extra recipient (`options.context.email`) that is not the uploader's
// own address and that this uploader never named before is asked, once, whether it
// accepts their batch emails. The row, the `recipient.consent_requested` event and its
// notify job are written in the upload's transaction, so the request goes out exactly
// once through the normal pipeline (suppression, Resend idempotency, the dev mailbox)
// or not at all. Beyond a daily cap the upload is refused (429 recipient_limit_reached).
import { fromPrisma, type PgBoss } from "pg-boss";
import type { Tx } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { log, maskEmail } from "../log";
import { normalizeAddress } from "../notifications/deliveries/suppression";
import { RECIPIENT_CONSENT, recipientConsentDedupeKey, type RecipientConsentPayload } from "../notifications/events/recipient-consent";
import { enqueue } from "../queue/enqueue";
import { CONSENT_WINDOW_MS, decideConsentRequest, type ConsentLimits, type ConsentRequestDecision } from "./consent-rules";

export function consentLimitsFromEnv(): ConsentLimits {
  const settings = env();
  return { newAddressesPerAccount: settings.EXTRA_RECIPIENT_NEW_PER_DAY, requestsPerAddress: settings.EXTRA_RECIPIENT_REQUESTS_PER_ADDRESS_PER_DAY };
}

/** Call inside the transaction that creates the batch naming `email`; throws AppError over a cap. */
export async function requestRecipientConsent(
  tx: Tx,
  boss: PgBoss,
  input: { ownerUserId: string; email: string },
  limits: ConsentLimits = consentLimitsFromEnv(),
): Promise<ConsentRequestDecision> {
  const { ownerUserId } = input;
  const email = normalizeAddress(input.email);
  const owner = await tx.user.findUniqueOrThrow({ where: { id: ownerUserId }, select: { email: true } });
  if (normalizeAddress(owner.email) === email) return { action: "none", reason: "own_address" };

  // Two uploads at once must not both slip under a cap: one owner's, and one address's, requests are counted one at a time
  // (always owner first, then address, so two transactions never wait on each other in a circle).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('recipient-consent:owner:' || ${ownerUserId}))`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('recipient-consent:address:' || ${email}))`;
  const now = new Date();
  const since = new Date(now.getTime() - CONSENT_WINDOW_MS);
  const [existing, ownerRecent, addressRecent] = await Promise.all([
    tx.recipientConsent.findUnique({ where: { ownerUserId_email: { ownerUserId, email } }, select: { status: true } }),
    tx.recipientConsent.findMany({ where: { ownerUserId, requestedAt: { gte: since } }, select: { requestedAt: true } }),
    tx.recipientConsent.findMany({ where: { email, requestedAt: { gte: since } }, select: { requestedAt: true } }),
  ]);
  const decision = decideConsentRequest({
    ownAddress: false,
    existing: existing?.status ?? null,
    ownerRecent: ownerRecent.map((row) => row.requestedAt),
    addressRecent: addressRecent.map((row) => row.requestedAt),
    limits,
    now,
  });
  if (decision.action === "refuse") {
    log.info({ event: "recipient_consent.limit_reached", userId: ownerUserId, email: maskEmail(email), limit: decision.limit }, "extra recipient refused");
    throw limitError(decision, limits);
  }
  if (decision.action === "none") return decision;

  await tx.recipientConsent.create({ data: { ownerUserId, email, requestedAt: now } });
  const payload: RecipientConsentPayload = { email, ownerEmail: normalizeAddress(owner.email) };
  const event = await tx.notificationEvent.create({
    data: { type: RECIPIENT_CONSENT, dedupeKey: recipientConsentDedupeKey(ownerUserId, email), userId: ownerUserId, batchId: null, payload },
    select: { id: true },
  });
  await enqueue(boss, "notification.notify", { eventId: event.id }, { db: fromPrisma(tx) });
  log.info({ event: "recipient_consent.requested", userId: ownerUserId, email: maskEmail(email) }, "extra recipient asked to accept");
  return decision;
}

function limitError(decision: Extract<ConsentRequestDecision, { action: "refuse" }>, limits: ConsentLimits): AppError {
  const wait = formatWait(decision.retryAfterSeconds);
  const details = { limit: decision.limit, retryAfterSeconds: decision.retryAfterSeconds };
  if (decision.limit === "account") {
    return new AppError(
      "recipient_limit_reached",
      `You can name at most ${limits.newAddressesPerAccount} new extra recipients a day, and each must accept before getting your batch emails. ` +
        `Try again in ${wait}, or upload without context.email (recipients you named before still work).`,
      details,
    );
  }
  return new AppError(
    "recipient_limit_reached",
    `This address was asked to accept batch emails too often today. Try again in ${wait}, or upload without this recipient.`,
    details,
  );
}

function formatWait(seconds: number): string {
  if (seconds < 90) return "a minute";
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} minutes`;
  return `about ${Math.round(seconds / 3600)} hours`;
}
