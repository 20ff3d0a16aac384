// Keyset pagination of the batch list against the real database: the order, every
// batch exactly once across pages (ties on createdAt included), both directions,
// nobody else's batches, and what a cursor that was not given out does.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { encodeBatchCursor } from "../batch-cursor";
import { listBatches, parseDashboardBatchesQuery, parseListBatchesQuery, type BatchPage, type ListBatchesQuery } from "../list-batches";

async function newUser() {
  return db().user.create({ data: { email: `list-${randomUUID()}@acme-mail.com` } });
}

const base = Date.parse("2026-03-01T12:00:00.000Z");

/** Batches at the given minute offsets from `base`; equal offsets make ties on createdAt. */
async function batchesAt(userId: string, minutes: number[], status: "queued" | "completed" = "queued") {
  const created = [];
  for (const [index, minute] of minutes.entries()) {
    created.push(
      await db().batch.create({
        data: {
          userId,
          status,
          source: "api",
          fileCount: 1,
          totalBytes: 10n,
          createdAt: new Date(base + minute * 60_000),
          expiresAt: new Date(base + 30 * 86_400_000),
          files: { create: [{ position: 0, originalName: `m${minute}-${index}.csv`, storageKey: `k/${randomUUID()}`, bytes: 10n, sha256: "0".repeat(64) }] },
        },
      }),
    );
  }
  return created;
}

/** The order the list promises: createdAt desc, then id desc. */
function newestFirst(batches: { id: string; createdAt: Date }[]): string[] {
  return [...batches]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((batch) => batch.id);
}

async function walkOlder(userId: string, query: Omit<ListBatchesQuery, "cursor">): Promise<BatchPage[]> {
  const pages: BatchPage[] = [];
  let cursor: string | null = null;
  do {
    const page: BatchPage = await listBatches(userId, parseListBatchesQuery({ limit: String(query.limit), ...(query.status ? { status: query.status } : {}), ...(cursor ? { cursor } : {}) }));
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

describe("listBatches pagination", () => {
  it("visits every batch once, newest first, ties on createdAt broken by id, and walks back the same pages", async () => {
    const user = await newUser();
    // 11 batches, three pairs sharing a createdAt, so page edges fall inside ties.
    const created = await batchesAt(user.id, [0, 1, 1, 2, 3, 3, 4, 5, 6, 6, 7]);

    const pages = await walkOlder(user.id, { limit: 3 });
    const seen = pages.flatMap((page) => page.items.map((item) => item.id));
    expect(seen).toEqual(newestFirst(created));
    expect(pages.map((page) => page.items.length)).toEqual([3, 3, 3, 2]);
    expect(pages[0]!.prevCursor).toBeNull();
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(pages[0]!.counts.queued).toBe(11);

    // Newer from the last page gives back each earlier page, item for item, up to the first.
    let page = pages.at(-1)!;
    for (let index = pages.length - 2; index >= 0; index -= 1) {
      page = await listBatches(user.id, parseListBatchesQuery({ limit: "3", cursor: page.prevCursor! }));
      expect(page.items.map((item) => item.id)).toEqual(pages[index]!.items.map((item) => item.id));
      expect(page.nextCursor).not.toBeNull();
    }
    expect(page.prevCursor).toBeNull();
  });

  it("neither repeats nor skips a batch when new ones arrive between pages", async () => {
    const user = await newUser();
    const created = await batchesAt(user.id, [0, 1, 2, 3, 4, 5]);
    const first = await listBatches(user.id, parseListBatchesQuery({ limit: "2" }));
    // Uploaded while the person reads page one: with OFFSET, page two would repeat one.
    await batchesAt(user.id, [10, 11]);
    const second = await listBatches(user.id, parseListBatchesQuery({ limit: "2", cursor: first.nextCursor! }));
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(newestFirst(created).slice(0, 4));
    // And the way back now shows that newer batches exist before page one.
    const back = await listBatches(user.id, parseListBatchesQuery({ limit: "2", cursor: second.prevCursor! }));
    expect(back.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(back.prevCursor).not.toBeNull();
  });

  it("shows the full first page when Newer reaches the top, not a short page of what was left above", async () => {
    const user = await newUser();
    const order = newestFirst(await batchesAt(user.id, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    const fifth = await db().batch.findUniqueOrThrow({ where: { id: order[4]! } });
    const page = await listBatches(user.id, parseListBatchesQuery({ limit: "10", cursor: encodeBatchCursor({ direction: "newer", createdAt: fifth.createdAt, id: fifth.id }) }));
    expect(page.items.map((item) => item.id)).toEqual(order.slice(0, 10));
    expect(page.prevCursor).toBeNull();
    expect(page.nextCursor).not.toBeNull();
  });

  it("pages within a status filter", async () => {
    const user = await newUser();
    const done = await batchesAt(user.id, [0, 2, 4, 6, 8], "completed");
    await batchesAt(user.id, [1, 3, 5, 7], "queued");
    const pages = await walkOlder(user.id, { limit: 2, status: "completed" });
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(newestFirst(done));
    expect(pages[0]!.counts).toMatchObject({ completed: 5, queued: 4 });
  });

  it("never shows another person's batches, even from a cursor made at one of theirs", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const mine = await batchesAt(owner.id, [0, 2, 4, 6]);
    const theirs = await batchesAt(stranger.id, [1, 3, 5, 7, 9]);

    const pages = await walkOlder(owner.id, { limit: 3 });
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(newestFirst(mine));
    expect(pages[0]!.counts.queued).toBe(4);

    const atTheirs = encodeBatchCursor({ direction: "older", createdAt: theirs[4]!.createdAt, id: theirs[4]!.id });
    const page = await listBatches(owner.id, parseListBatchesQuery({ cursor: atTheirs }));
    expect(page.items.map((item) => item.id)).toEqual(newestFirst(mine));
    expect(page.items.some((item) => theirs.some((batch) => batch.id === item.id))).toBe(false);
  });

  it.each([
    ["garbage", "not a cursor!"],
    ["a batch id (the old cursor)", "cm0abcdefghijklmnopqrstu"],
    ["base64 of the wrong shape", Buffer.from(JSON.stringify({ id: "x" })).toString("base64url")],
    ["a bad date", Buffer.from(JSON.stringify(["older", "yesterday", "x"])).toString("base64url")],
    ["a bad direction", Buffer.from(JSON.stringify(["sideways", "2026-01-01T00:00:00.000Z", "x"])).toString("base64url")],
  ])("refuses %s as a cursor with a 400 for the API, and shows the first page on the dashboard", async (_label, cursor) => {
    const error = (() => {
      try {
        parseListBatchesQuery({ cursor });
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/^cursor: /);

    expect(parseDashboardBatchesQuery({ cursor, status: "completed" }, 20)).toEqual({ limit: 20, status: "completed", cursor: undefined });
  });

  it("shows the dashboard's first page for an unknown status or a repeated parameter", () => {
    expect(parseDashboardBatchesQuery({ status: "lost", cursor: ["a", "b"] }, 20)).toEqual({ limit: 20, status: undefined, cursor: undefined });
  });
});
