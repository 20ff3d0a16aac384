// Export and deletion of a whole account, against the real database, pg-boss and storage.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { inflateRawSync } from "node:zlib";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOptionsSchema } from "../../batches/batch-options";
import { createBatch } from "../../batches/create-batch";
import { finishBatchIfDone } from "../../batches/finish-batch-if-done";
import { processBatchFile, resultKeys } from "../../batches/process-batch-file";
import { db } from "../../db/client";
import { log } from "../../log";
import { storage } from "../../storage/storage";
import { deleteAccount, deleteAccountConfirmationSchema } from "../delete-account";
import { exportAccount } from "../export-account";
import { createZip } from "../zip-archive";
import { startQueueDatabase } from "../../queue/__tests__/support/queue-database";

let boss: PgBoss;
beforeAll(async () => {
  boss = await startQueueDatabase();
});
afterAll(async () => boss.stop({ graceful: false }));

/** Reads a ZIP's entries by walking its local headers (what createZip writes). */
function readZip(archive: Buffer): Map<string, string> {
  const entries = new Map<string, string>();
  let offset = 0;
  while (archive.readUInt32LE(offset) === 0x04034b50) {
    const size = archive.readUInt32LE(offset + 18);
    const nameLength = archive.readUInt16LE(offset + 26);
    const name = archive.subarray(offset + 30, offset + 30 + nameLength).toString("utf8");
    const start = offset + 30 + nameLength + archive.readUInt16LE(offset + 28);
    entries.set(name, inflateRawSync(archive.subarray(start, start + size)).toString("utf8"));
    offset = start + size;
  }
  expect(archive.readUInt32LE(archive.length - 22)).toBe(0x06054b50);
  expect(archive.readUInt16LE(archive.length - 12)).toBe(entries.size);
  return entries;
}

async function batchOf(userId: string, fileCount: number) {
  const files = [];
  for (let i = 0; i < fileCount; i += 1) {
    const key = `uploads/${randomUUID()}/${i}`;
    await storage().put(key, Readable.from([Buffer.from("email\na@example.com\n")]));
    files.push({ key, originalName: `list-${i}.csv`, bytes: 20, sha256: "0".repeat(64), contentType: "text/csv" });
  }
  return createBatch(boss, { userId, source: "dashboard", files, options: batchOptionsSchema.parse({}) });
}

/** A person with one finished batch (results stored), one still queued, and every other kind of row. */
async function personWithEverything(label: string) {
  const user = await db().user.create({ data: { email: `${label}-${randomUUID()}@example.com`, name: label } });
  const finished = await batchOf(user.id, 2);
  const resultFiles: string[] = [];
  for (const file of finished.files) {
    const keys = resultKeys(finished.id, file.id);
    await storage().put(keys.cleaned, Readable.from(["email\na@example.com\n"]));
    await storage().put(keys.report, Readable.from(["email,verdict\na@example.com,valid\n"]));
    await db().batchFile.update({ where: { id: file.id }, data: { status: "completed", cleanedKey: keys.cleaned, reportKey: keys.report } });
    resultFiles.push(keys.cleaned, keys.report);
  }
  // Ended as the worker's cross-file count would end it (no worker runs here), with nothing counted.
  await db().$transaction((tx) => finishBatchIfDone(tx, finished.id, { boss, crossFileCounts: new Map() }));
  const event = await db().notificationEvent.findFirstOrThrow({ where: { batchId: finished.id } });
  await db().delivery.create({
    data: { eventId: event.id, userId: user.id, channel: "email", recipient: user.email, category: "batch_succeeded", status: "sent" },
  });
  const running = await batchOf(user.id, 2);
  // A row of the finished batch fixed by hand.
  const flagged = await db().flaggedRow.create({
    data: {
      fileId: finished.files[0]?.id ?? "",
      line: 2,
      cells: [`${label}@gmial.com`],
      address: `${label}@gmial.com`,
      verdict: "risky",
      reasons: ["possible_typo"],
      detail: "",
      suggestion: `${label}@gmail.com`,
      fixedAddress: `${label}@gmail.com`,
      fixedHow: "suggestion",
    },
  });
  await db().rowChange.create({ data: { rowId: flagged.id, userId: user.id, action: "accept_suggestion", before: `${label}@gmial.com`, after: `${label}@gmail.com` } });

  await db().session.create({ data: { sessionToken: `session-${randomUUID()}`, userId: user.id, expires: new Date(Date.now() + 86_400_000) } });
  await db().account.create({ data: { userId: user.id, type: "email", provider: "email", providerAccountId: user.email, access_token: `access-${label}-secret` } });
  await db().apiToken.create({ data: { userId: user.id, name: `${label} sync`, prefix: "tdg_AbCd", tokenHash: `hash-${randomUUID()}` } });
  await db().notificationPreference.create({ data: { userId: user.id, settings: { quietHours: null, label } } });
  const endpoint = await db().webhookEndpoint.create({
    data: { userId: user.id, url: `https://${label}.example.com/hook`, events: ["batch.succeeded"], secret: `whsec_${label}SECRET` },
  });
  await db().webhookAttempt.create({ data: { endpointId: endpoint.id, eventType: "webhook.test", webhookId: randomUUID(), requestBody: "{}", durationMs: 5 } });
  await db().recipientOptOut.create({ data: { email: `extra-${randomUUID()}@example.com`, ownerUserId: user.id, category: "batch_succeeded" } });
  await db().suppression.create({ data: { email: user.email, reason: "unsubscribed" } });
  await db().verificationToken.create({ data: { identifier: user.email, token: randomUUID(), expires: new Date(Date.now() + 600_000) } });

  const uploads = [...finished.files, ...running.files].map((file) => file.storageKey);
  return { user, finished, running, uploads, resultFiles, endpoint };
}

async function queueJobIds(batchId: string) {
  const files = await db().batchFile.findMany({ where: { batchId }, select: { queueJobId: true } });
  return files.flatMap((file) => (file.queueJobId ? [file.queueJobId] : []));
}

async function queueStates(batchId: string, queueJobIds: string[]) {
  const rows = await db().$queryRaw<{ state: string }[]>`SELECT state FROM pgboss.job WHERE id::text = ANY(${queueJobIds})`;
  return { batchId, states: rows.map((row) => row.state) };
}

describe("createZip", () => {
  it("writes entries a ZIP reader gets back byte for byte, UTF-8 names included", () => {
    const archive = createZip([
      { name: "a.json", content: '{"ü":1}\n' },
      { name: "empty.txt", content: "" },
      { name: "répertoire.txt", content: "x".repeat(10_000) },
    ]);
    expect([...readZip(archive)]).toEqual([
      ["a.json", '{"ü":1}\n'],
      ["empty.txt", ""],
      ["répertoire.txt", "x".repeat(10_000)],
    ]);
  });
});

describe("exportAccount", () => {
  it("contains the person's data, nothing of anyone else's, and no secrets", async () => {
    const me = await personWithEverything("me");
    const other = await personWithEverything("other");
    const { fileName, archive } = await exportAccount(me.user.id, new Date("2026-03-04T10:00:00Z"));

    expect(fileName).toBe("tidings-export-2026-03-04.zip");
    const files = readZip(archive);
    expect([...files.keys()].sort()).toEqual(
      ["README.txt", "account.json", "api-tokens.json", "batches.json", "deliveries.json", "preferences.json", "row-changes.json", "webhook-endpoints.json"].sort(),
    );
    const json = (name: string) => JSON.parse(files.get(name) ?? "null");

    expect(json("account.json")).toMatchObject({ id: me.user.id, email: me.user.email, signInMethods: [{ provider: "email" }] });
    const batches = json("batches.json") as { id: string; files: { name: string; bytes: number; results: { cleaned: string | null } }[] }[];
    expect(batches.map((batch) => batch.id).sort()).toEqual([me.finished.id, me.running.id].sort());
    const finished = batches.find((batch) => batch.id === me.finished.id);
    expect(finished?.files.map((file) => file.name)).toEqual(["list-0.csv", "list-1.csv"]);
    expect(finished?.files[0]?.bytes).toBe(20);
    expect(finished?.files[0]?.results.cleaned).toMatch(new RegExp(`^https?://[^/]+/api/batches/${me.finished.id}/files/${me.finished.files[0]?.id}/cleaned$`));
    expect(batches.find((batch) => batch.id === me.running.id)?.files[0]?.results.cleaned).toBeNull();
    expect(json("deliveries.json")).toMatchObject([{ recipient: me.user.email, status: "sent", channel: "email" }]);
    expect(json("row-changes.json")).toEqual([
      {
        batchId: me.finished.id,
        fileId: me.finished.files[0]?.id,
        file: "list-0.csv",
        line: 2,
        addressInCell: 1,
        change: "accept_suggestion",
        before: "me@gmial.com",
        after: "me@gmail.com",
        changedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(files.get("README.txt")).toContain("row-changes.json");
    expect(json("preferences.json")).toMatchObject({ notifications: { label: "me" } });
    expect(json("webhook-endpoints.json")).toMatchObject([{ id: me.endpoint.id, url: "https://me.example.com/hook" }]);
    expect(json("api-tokens.json")).toMatchObject([{ name: "me sync", prefix: "tdg_AbCd" }]);
    expect(files.get("README.txt")).toContain("webhook-endpoints.json");

    const everything = [...files.values()].join("\n");
    for (const leak of [other.user.id, other.user.email, other.finished.id, "other", "SECRET", "whsec_", "hash-", "access-me", "uploads/", "results/"]) {
      expect(everything).not.toContain(leak);
    }
  });

  it("refuses an account that does not exist", async () => {
    await expect(exportAccount("no-such-user")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("deleteAccount", () => {
  it("removes the person's rows, files, sessions and tokens, cancels queued work, and keeps suppressions and other people's data", async () => {
    const me = await personWithEverything("leaver");
    const other = await personWithEverything("stayer");
    const queued = await queueJobIds(me.running.id);
    expect(queued).toHaveLength(2);

    expect(await deleteAccount(boss, me.user.id)).toEqual({ deleted: true, batches: 2 });

    const userId = me.user.id;
    const remaining = await Promise.all([
      db().user.count({ where: { id: userId } }),
      db().batch.count({ where: { userId } }),
      db().batchFile.count({ where: { batchId: { in: [me.finished.id, me.running.id] } } }),
      db().session.count({ where: { userId } }),
      db().account.count({ where: { userId } }),
      db().apiToken.count({ where: { userId } }),
      db().notificationEvent.count({ where: { userId } }),
      db().delivery.count({ where: { userId } }),
      db().notificationPreference.count({ where: { userId } }),
      db().webhookEndpoint.count({ where: { userId } }),
      db().webhookAttempt.count({ where: { endpointId: me.endpoint.id } }),
      db().recipientOptOut.count({ where: { ownerUserId: userId } }),
      db().verificationToken.count({ where: { identifier: me.user.email } }),
    ]);
    expect(remaining).toEqual(Array(remaining.length).fill(0));
    for (const key of [...me.uploads, ...me.resultFiles]) expect(await storage().exists(key)).toBe(false);
    expect(await queueStates(me.running.id, queued)).toEqual({ batchId: me.running.id, states: ["cancelled", "cancelled"] });

    // An address that unsubscribed stays protected after its account is gone.
    expect(await db().suppression.findUnique({ where: { email: me.user.email } })).toMatchObject({ reason: "unsubscribed" });

    // The other person is untouched.
    expect(await db().user.count({ where: { id: other.user.id } })).toBe(1);
    expect(await db().batch.count({ where: { userId: other.user.id } })).toBe(2);
    expect(await db().session.count({ where: { userId: other.user.id } })).toBe(1);
    expect(await db().apiToken.count({ where: { userId: other.user.id } })).toBe(1);
    expect(await db().delivery.count({ where: { userId: other.user.id } })).toBe(1);
    expect(await db().webhookEndpoint.count({ where: { userId: other.user.id } })).toBe(1);
    for (const key of [...other.uploads, ...other.resultFiles]) expect(await storage().exists(key)).toBe(true);
    const otherQueued = await queueJobIds(other.running.id);
    expect((await queueStates(other.running.id, otherQueued)).states).toEqual(["created", "created"]);
  });

  it("is a no-op the second time", async () => {
    const me = await personWithEverything("twice");
    await deleteAccount(boss, me.user.id);
    expect(await deleteAccount(boss, me.user.id)).toEqual({ deleted: false, batches: 0 });
  });

  it("can be retried after storage fails midway, and finishes the file", async () => {
    const me = await personWithEverything("retry");
    const original = storage().deletePrefix.bind(storage());
    let calls = 0;
    storage().deletePrefix = async (prefix) => {
      calls += 1;
      if (calls === 2) throw new Error("storage unavailable");
      return original(prefix);
    };
    try {
      await expect(deleteAccount(boss, me.user.id)).rejects.toThrow("storage unavailable");
    } finally {
      storage().deletePrefix = original;
    }
    // Nothing is out of reach: the account and the batch whose files failed are still there.
    expect(await db().user.count({ where: { id: me.user.id } })).toBe(1);
    expect(await db().batch.count({ where: { userId: me.user.id } })).toBeGreaterThan(0);

    expect(await deleteAccount(boss, me.user.id)).toMatchObject({ deleted: true });
    for (const key of [...me.uploads, ...me.resultFiles]) expect(await storage().exists(key)).toBe(false);
    expect(await db().user.count({ where: { id: me.user.id } })).toBe(0);
  });
});

describe("a file being processed while its account is deleted", () => {
  it("stops harmlessly: its results are discarded, nothing is left in storage", async () => {
    const user = await db().user.create({ data: { email: `busy-${randomUUID()}@example.com` } });
    const batch = await batchOf(user.id, 1);
    const file = batch.files[0]!;
    const keys = resultKeys(batch.id, file.id);
    const original = storage().put.bind(storage());
    // The account goes while the worker writes the file's results: the report lands after it.
    storage().put = async (key, body, options) => {
      if (key === keys.report) await deleteAccount(boss, user.id);
      return original(key, body, options);
    };
    try {
      await processBatchFile(file.id, { jobId: randomUUID(), signal: new AbortController().signal, retryCount: 0, isLastAttempt: false, log, boss });
    } finally {
      storage().put = original;
    }
    expect(await db().user.count({ where: { id: user.id } })).toBe(0);
    expect(await storage().exists(keys.cleaned)).toBe(false);
    expect(await storage().exists(keys.report)).toBe(false);
    expect(await storage().exists(file.storageKey)).toBe(false);
  });
});

describe("deleteAccountConfirmationSchema", () => {
  const schema = deleteAccountConfirmationSchema("Ann@Example.com");

  it("accepts the account's own address, whatever its case and surrounding spaces", () => {
    expect(schema.safeParse({ confirmEmail: "  ann@example.COM " }).success).toBe(true);
  });

  it("refuses another address, an empty one, or none", () => {
    for (const input of [{ confirmEmail: "bob@example.com" }, { confirmEmail: "ann@example.co" }, { confirmEmail: "" }, {}]) {
      expect(schema.safeParse(input).success).toBe(false);
    }
  });
});
