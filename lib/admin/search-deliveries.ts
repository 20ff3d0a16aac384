// Every person's deliveries, searchable by recipient, status, delivery id or provider
// message id, newest first, a page at a time. Admins see addresses in full: finding
// out what happened to one person's email is what the search is for.
import { z } from "zod";
import { db } from "../db/client";
import { DeliveryStatus, type Prisma } from "../db/generated/client";
import { assertAdmin, type AdminCaller } from "./is-admin";

const optionalText = (max: number) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined), z.string().max(max).optional());

/** Parses a query string anyone can edit: a bad status or cursor means the default. */
export const deliverySearchSchema = z.object({
  recipient: optionalText(320),
  status: z.enum(DeliveryStatus).optional().catch(undefined),
  deliveryId: optionalText(64),
  providerMessageId: optionalText(256),
  cursor: z.string().min(1).max(64).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(100).default(25).catch(25),
});

export type DeliverySearchQuery = z.output<typeof deliverySearchSchema>;
/** Raw values, e.g. from a query string: each is parsed, and a bad one means no filter. */
export type DeliverySearch = { [Key in keyof DeliverySearchQuery]?: unknown };

export type DeliverySearchEntry = {
  id: string;
  channel: string;
  category: string;
  recipient: string;
  /** Who or where, as a person reads it: the address, the owner for in-app, the endpoint's URL for a webhook. */
  recipientLabel: string;
  /** The person whose event it is (the batch owner). */
  ownerEmail: string;
  status: DeliveryStatus;
  reason: string | null;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  batchId: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export type DeliverySearchPage = { items: DeliverySearchEntry[]; nextCursor: string | null };

export async function searchDeliveries(caller: AdminCaller, search: DeliverySearch): Promise<DeliverySearchPage> {
  assertAdmin(caller);
  const query = deliverySearchSchema.parse(search);
  const where: Prisma.DeliveryWhereInput = {
    ...(query.recipient ? { recipient: { contains: query.recipient, mode: "insensitive" } } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.deliveryId ? { id: query.deliveryId } : {}),
    ...(query.providerMessageId ? { providerMessageId: query.providerMessageId } : {}),
  };
  const rows = await db().delivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    // The cursor is the last row of the previous page.
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    include: { user: { select: { email: true } }, event: { select: { batchId: true } } },
  });
  const page = rows.slice(0, query.limit);
  // In-app and webhook recipients are ids (the user's, the endpoint's): show what they stand for.
  const endpointIds = page.filter((row) => row.channel === "webhook").map((row) => row.recipient);
  const endpoints = endpointIds.length
    ? await db().webhookEndpoint.findMany({ where: { id: { in: endpointIds } }, select: { id: true, url: true } })
    : [];
  const endpointUrls = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url]));
  const recipientLabel = (row: (typeof page)[number]) =>
    row.channel === "in_app" ? `In-app, ${row.user.email}` : row.channel === "webhook" ? (endpointUrls.get(row.recipient) ?? "A deleted webhook endpoint") : row.recipient;
  return {
    items: page.map((row) => ({
      id: row.id,
      channel: row.channel,
      category: row.category,
      recipient: row.recipient,
      recipientLabel: recipientLabel(row),
      ownerEmail: row.user.email,
      status: row.status,
      reason: row.reason,
      attempts: row.attempts,
      lastError: row.lastError,
      providerMessageId: row.providerMessageId,
      batchId: row.event.batchId,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
