// The delivery log: what the notify and send jobs did with a person's notifications —
// sent, held back, or skipped and why — newest first, a page at a time.
import { z } from "zod";
import { db } from "../../db/client";
import { DeliveryStatus, type Delivery, type DeliveryChannel } from "../../db/generated/client";
import { categoryLabels } from "../preferences/category-labels";
import { deliveryReasonText } from "./delivery-reason-text";
import { describeEvent } from "../events";
import { notificationCategorySchema } from "../preferences/notification-preferences";

/** Lenient on purpose: it parses a query string anyone can edit, and a bad value means the default. */
export const deliveryLogQuerySchema = z.object({
  status: z.enum(DeliveryStatus).optional().catch(undefined),
  cursor: z.string().min(1).max(100).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).default(25).catch(25),
});

export type DeliveryLogQuery = z.output<typeof deliveryLogQuerySchema>;

export type TimelineStep = {
  step: "created" | "deferred" | "sent" | "delivered" | "read" | "bounced" | "complained" | "failed";
  label: string;
  at: Date;
};

export type DeliveryLogEntry = {
  id: string;
  category: string;
  categoryLabel: string;
  channel: DeliveryChannel;
  channelLabel: string;
  /** The address, the webhook endpoint's URL, or "In-app" for the in-app list (its recipient is a user id). */
  recipientLabel: string;
  status: DeliveryStatus;
  reason: string | null;
  reasonText: string | null;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  /** The recipient's time zone when it was decided: the log shows times on that clock. */
  timeZone: string;
  timeline: TimelineStep[];
  /** The batch the notification is about, when its event still describes one. */
  batch: { id: string; title: string; href: string } | null;
};

export type DeliveryLogPage = {
  items: DeliveryLogEntry[];
  nextCursor: string | null;
  /** Per status over all of the person's deliveries, for the filter. */
  counts: Record<DeliveryStatus, number>;
  total: number;
};

const channelLabels: Record<DeliveryChannel, string> = { email: "Email", webhook: "Webhook", in_app: "In-app" };

const contextSchema = z.object({ timeZone: z.string().min(1) });

export async function listDeliveries(userId: string, query: DeliveryLogQuery): Promise<DeliveryLogPage> {
  const where = { userId, ...(query.status ? { status: query.status } : {}) };
  const [rows, grouped] = await Promise.all([
    db().delivery.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      // The cursor is the last row of the previous page; `where` keeps a stranger's rows out either way.
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
      include: { event: { select: { type: true, batchId: true, payload: true } } },
    }),
    db().delivery.groupBy({ by: ["status"], where: { userId }, _count: { _all: true } }),
  ]);
  const counts = Object.fromEntries(Object.values(DeliveryStatus).map((status) => [status, 0])) as DeliveryLogPage["counts"];
  for (const group of grouped) counts[group.status] = group._count._all;
  const page = rows.slice(0, query.limit);
  const endpointUrls = await webhookUrlsOf(userId, page);
  return {
    items: page.map((row) => toLogEntry(row, endpointUrls)),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
    counts,
    total: Object.values(counts).reduce((sum, count) => sum + count, 0),
  };
}

type DeliveryRow = Delivery & { event: { type: string; batchId: string | null; payload: unknown } };

/** A webhook delivery's recipient is its endpoint's id: the log shows the endpoint's URL, which a person recognises. */
async function webhookUrlsOf(userId: string, rows: DeliveryRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.filter((row) => row.channel === "webhook").map((row) => row.recipient))];
  if (ids.length === 0) return new Map();
  const endpoints = await db().webhookEndpoint.findMany({ where: { userId, id: { in: ids } }, select: { id: true, url: true } });
  return new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url]));
}

function recipientLabelOf(row: DeliveryRow, endpointUrls: Map<string, string>): string {
  if (row.channel === "in_app") return "In-app";
  if (row.channel === "webhook") return endpointUrls.get(row.recipient) ?? "A deleted endpoint";
  return row.recipient;
}

function toLogEntry(row: DeliveryRow, endpointUrls: Map<string, string>): DeliveryLogEntry {
  const context = contextSchema.safeParse(row.context);
  const timeZone = context.success ? context.data.timeZone : "UTC";
  const summary = describeEvent(row.event);
  return {
    id: row.id,
    category: row.category,
    categoryLabel: categoryLabel(row.category),
    channel: row.channel,
    channelLabel: channelLabels[row.channel],
    recipientLabel: recipientLabelOf(row, endpointUrls),
    status: row.status,
    reason: row.reason,
    reasonText: deliveryReasonText({ ...row, timeZone }),
    attempts: row.attempts,
    lastError: row.lastError,
    providerMessageId: row.providerMessageId,
    createdAt: row.createdAt,
    timeZone,
    timeline: deliveryTimeline(row),
    batch: summary ? { id: summary.batchId, title: summary.batchTitle, href: `/batches/${summary.batchId}` } : null,
  };
}

/** "Batch succeeded": the shared label, as the start of a line. */
function categoryLabel(category: string): string {
  const known = notificationCategorySchema.safeParse(category);
  const label = known.success ? categoryLabels[known.data] : category;
  return label.charAt(0).toUpperCase() + label.slice(1);
}

const troubleLabels = { bounced: "Bounced", complained: "Marked as spam", failed: "Failed" } as const;

/** created → (held until) → sent → delivered/read, or → bounced/complained/failed. */
function deliveryTimeline(row: Delivery): TimelineStep[] {
  const steps: TimelineStep[] = [{ step: "created", label: "Created", at: row.createdAt }];
  if (row.deferUntil) steps.push({ step: "deferred", label: row.sentAt ? "Held until" : "Deferred until", at: row.deferUntil });
  if (row.sentAt) steps.push({ step: "sent", label: "Sent", at: row.sentAt });
  if (row.deliveredAt) steps.push({ step: "delivered", label: row.channel === "in_app" ? "Shown in the app" : "Delivered", at: row.deliveredAt });
  if (row.readAt) steps.push({ step: "read", label: "Read", at: row.readAt });
  if (row.status === "bounced" || row.status === "complained" || row.status === "failed") {
    // Bounce and complaint webhooks may not stamp failedAt; the last change is when it happened.
    steps.push({ step: row.status, label: troubleLabels[row.status], at: row.failedAt ?? row.updatedAt });
  }
  return steps;
}
