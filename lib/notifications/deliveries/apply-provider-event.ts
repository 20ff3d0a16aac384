// What Resend tells us after an email left: delivered, bounced, complained. Each
// event moves the Delivery it is about forward (never back: a late "delivered" after
// a bounce changes nothing), and a hard bounce or a complaint puts the address on
// the suppression list. Other kinds (sent, delayed, opened, clicked, …) are
// acknowledged and dropped.
import { z } from "zod";
import { db } from "../../db/client";
import type { DeliveryStatus, Prisma, SuppressionReason } from "../../db/generated/client";
import { AppError } from "../../errors";
import { log } from "../../log";
import { suppress } from "./suppression";

const MAX_DETAIL_CHARS = 500;

const emailDataSchema = z.object({
  email_id: z.string().min(1),
  to: z.array(z.string().min(1)),
});
// Resend passes on the receiving server's verdict in SES' words: Permanent, Transient or Undetermined.
const bounceSchema = z.object({
  type: z.string(),
  subType: z.string().optional(),
  message: z.string().optional(),
});
const eventTimeSchema = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

const providerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("email.delivered"), created_at: eventTimeSchema, data: emailDataSchema }),
  z.object({ type: z.literal("email.bounced"), created_at: eventTimeSchema, data: emailDataSchema.extend({ bounce: bounceSchema.optional() }) }),
  z.object({ type: z.literal("email.complained"), created_at: eventTimeSchema, data: emailDataSchema }),
]);
const HANDLED_TYPES = new Set<string>(providerEventSchema.options.map((option) => option.shape.type.value));

export type ProviderEvent = z.infer<typeof providerEventSchema>;

/**
 * The event in a webhook body, or null for a kind Tidings does not act on. A body
 * that is not JSON, or a handled kind in the wrong shape, is a 400: Resend retries
 * it, and a retry cannot fix it, but it must not pass as handled.
 */
export function parseProviderEvent(rawBody: Uint8Array): ProviderEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(rawBody));
  } catch {
    throw new AppError("bad_request", "The body is not UTF-8 JSON.");
  }
  const kind = z.object({ type: z.string().min(1) }).safeParse(body);
  if (!kind.success) throw new AppError("bad_request", "The body is not a Resend event: it has no type.");
  if (!HANDLED_TYPES.has(kind.data.type)) return null;

  const parsed = providerEventSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw new AppError("bad_request", `The ${kind.data.type} event is malformed: ${issues[0]?.path}: ${issues[0]?.message}`, { issues });
  }
  return parsed.data;
}

export type ProviderEventOutcome =
  | "duplicate" // this webhook delivery was handled before
  | "ignored" // a kind Tidings does not act on
  | "unknown_email" // no Delivery has this provider id (sign-in links, other senders)
  | "unchanged" // the Delivery is already at or past this state
  | "applied";

/**
 * Applies one webhook delivery exactly once: its id (svix-id) is recorded in the same
 * transaction as the change, so a replay, or Resend retrying after a lost answer,
 * changes nothing.
 */
export async function applyProviderEvent(receiptId: string, event: ProviderEvent | null): Promise<ProviderEventOutcome> {
  const outcome = await db().$transaction(async (tx) => {
    // Waits for a concurrent transaction holding the same id, then counts 0: no double apply.
    const receipt = await tx.webhookReceipt.createMany({ data: [{ id: receiptId, source: "resend" }], skipDuplicates: true });
    if (receipt.count === 0) return "duplicate";
    if (!event) return "ignored";

    const where = { channel: "email", providerMessageId: event.data.email_id } satisfies Prisma.DeliveryWhereInput;
    if ((await tx.delivery.count({ where })) === 0) return "unknown_email";

    const { from, data } = transition(event);
    // Conditional on the current status, so two events racing cannot undo each other.
    const changed = await tx.delivery.updateMany({ where: { ...where, status: { in: from } }, data });
    const suppression = suppressionFor(event);
    if (suppression) {
      for (const address of event.data.to) await suppress(address, suppression.reason, suppression.detail, tx);
    }
    return changed.count > 0 ? "applied" : "unchanged";
  });
  log.info(
    { event: "provider_event.received", provider: "resend", type: event?.type, providerMessageId: event?.data.email_id, outcome },
    "provider feedback",
  );
  return outcome;
}

function transition(event: ProviderEvent): { from: DeliveryStatus[]; data: Prisma.DeliveryUpdateManyMutationInput } {
  switch (event.type) {
    case "email.delivered":
      return { from: ["sent"], data: { status: "delivered", deliveredAt: event.created_at } };
    case "email.bounced":
      return { from: ["sent", "delivered"], data: { status: "bounced", lastError: bounceDescription(event) } };
    case "email.complained":
      return { from: ["sent", "delivered"], data: { status: "complained" } };
  }
}

/** Only a verdict that will not change suppresses: a full mailbox today may take mail tomorrow. */
function suppressionFor(event: ProviderEvent): { reason: SuppressionReason; detail: string } | null {
  if (event.type === "email.complained") return { reason: "complained", detail: "Resend: the recipient marked an email as spam" };
  if (event.type === "email.bounced" && event.data.bounce?.type.toLowerCase() === "permanent") {
    return { reason: "bounced", detail: `Resend: ${bounceDescription(event)}`.slice(0, MAX_DETAIL_CHARS) };
  }
  return null;
}

function bounceDescription(event: Extract<ProviderEvent, { type: "email.bounced" }>): string {
  const bounce = event.data.bounce;
  if (!bounce) return "The recipient's mail server rejected the email.";
  const kind = [bounce.type, bounce.subType].filter(Boolean).join("/");
  return `${kind} bounce: ${bounce.message ?? "no reason given"}`.slice(0, MAX_DETAIL_CHARS);
}
