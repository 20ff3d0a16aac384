// Keyset cursors for the batch list. A cursor names a position in the order the list
// is read in (createdAt desc, id desc) and the way to go from it: "older" (the next
// page) or "newer" (the previous one). It is opaque to clients (base64url JSON) so
// its shape can change; a page is then one index range scan, however deep it is,
// where OFFSET would read and throw away every row before it.
import { z } from "zod";

export type BatchCursor = { direction: "older" | "newer"; createdAt: Date; id: string };

const cursorPayloadSchema = z.tuple([z.enum(["older", "newer"]), z.iso.datetime(), z.string().min(1).max(64)]);

export function encodeBatchCursor(cursor: BatchCursor): string {
  return Buffer.from(JSON.stringify([cursor.direction, cursor.createdAt.toISOString(), cursor.id])).toString("base64url");
}

/** The cursor a token stands for, or null when it is not one this list gave out. */
export function decodeBatchCursor(token: string): BatchCursor | null {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(token)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = cursorPayloadSchema.safeParse(payload);
  if (!parsed.success) return null;
  const [direction, createdAt, id] = parsed.data;
  return { direction, createdAt: new Date(createdAt), id };
}

/** A query-string `cursor`: the token as given in, the decoded position out. */
export const batchCursorSchema = z
  .string()
  .max(300)
  .transform((token, ctx) => {
    const cursor = decodeBatchCursor(token);
    if (cursor) return cursor;
    ctx.addIssue({ code: "custom", message: "is not a cursor of this list; pass nextCursor or prevCursor of a page as given, or leave it out for the first page" });
    return z.NEVER;
  });
