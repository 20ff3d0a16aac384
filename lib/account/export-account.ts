// Everything Tidings holds about one person, as a ZIP of JSON files they can keep:
// account, batches with file metadata and result links, deliveries, the rows they
// changed by hand, preferences, webhook endpoints and API tokens. Secrets never leave: no webhook signing
// secrets, no token hashes, no sign-in provider tokens, no storage paths.
import { db } from "../db/client";
import { env } from "../env";
import { AppError } from "../errors";
import { log } from "../log";
import { createZip } from "./zip-archive";

// Built in memory, so each list has a ceiling; the README says when one was reached.
export const EXPORT_LIMITS = { batches: 5_000, deliveries: 50_000, rowChanges: 50_000 } as const;

export type AccountExport = { fileName: string; archive: Buffer };

/** JSON that keeps BigInt byte counts as numbers and dates as ISO strings. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? Number(item) : item), 2)}\n`;
}

function readme(exportedAt: Date, truncated: string[]): string {
  return [
    `Your Tidings data, exported ${exportedAt.toISOString()}.`,
    "",
    "account.json            Your account: email address, name, when it was created, how you sign in.",
    "batches.json            Every batch you uploaded, each file's name, size, status and summary, and",
    "                        links to download its results. The links need you signed in, and work",
    "                        until the batch's results expire (expiresAt) or you delete your account.",
    "deliveries.json         The notifications Tidings decided on for your batches (email, webhook,",
    "                        in-app) and what became of each.",
    "row-changes.json        The rows you changed by hand (accepted a suggestion, edited, marked valid):",
    "                        which batch, file and line, the address before and after, and when.",
    "preferences.json        Your notification preferences (null: you kept the defaults).",
    "webhook-endpoints.json  Your webhook endpoints. Signing secrets are not included.",
    "api-tokens.json         Your API tokens' names, prefixes and dates. The tokens themselves are",
    "                        never stored, so they cannot be exported.",
    "",
    "Dates are ISO 8601 in UTC; sizes are in bytes.",
    ...(truncated.length > 0
      ? ["", `Limits reached: only the newest ${truncated.join(" and ")} are included. Contact support for the rest.`]
      : []),
    "",
  ].join("\n");
}

/** The export archive of `userId`; `not_found` when the account does not exist. */
export async function exportAccount(userId: string, now = new Date()): Promise<AccountExport> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      emailVerified: true,
      createdAt: true,
      updatedAt: true,
      accounts: { select: { provider: true, type: true, createdAt: true } },
    },
  });
  if (!user) throw new AppError("not_found", "This account no longer exists.");

  const [batches, deliveries, rowChanges, preference, endpoints, tokens] = await Promise.all([
    db().batch.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: EXPORT_LIMITS.batches,
      include: { files: { orderBy: { position: "asc" } } },
    }),
    db().delivery.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: EXPORT_LIMITS.deliveries,
      select: {
        id: true,
        eventId: true,
        channel: true,
        recipient: true,
        category: true,
        status: true,
        reason: true,
        attempts: true,
        lastError: true,
        deferUntil: true,
        createdAt: true,
        sentAt: true,
        deliveredAt: true,
        failedAt: true,
        readAt: true,
        event: { select: { type: true, batchId: true } },
      },
    }),
    db().rowChange.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      take: EXPORT_LIMITS.rowChanges,
      select: {
        action: true,
        before: true,
        after: true,
        createdAt: true,
        row: { select: { line: true, part: true, file: { select: { id: true, originalName: true, batchId: true } } } },
      },
    }),
    db().notificationPreference.findUnique({ where: { userId }, select: { settings: true, updatedAt: true } }),
    db().webhookEndpoint.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, url: true, description: true, events: true, enabled: true, disabledReason: true, createdAt: true, updatedAt: true },
    }),
    db().apiToken.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    }),
  ]);

  const appUrl = env().APP_URL;
  const resultLink = (batchId: string, fileId: string, kind: "cleaned" | "report") => `${appUrl}/api/batches/${batchId}/files/${fileId}/${kind}`;
  const batchesOut = batches.map(({ userId: _owner, files, ...batch }) => ({
    ...batch,
    link: `${appUrl}/batches/${batch.id}`,
    files: files.map((file) => ({
      id: file.id,
      position: file.position,
      name: file.originalName,
      bytes: file.bytes,
      sha256: file.sha256,
      contentType: file.contentType,
      emailColumn: file.emailColumn,
      status: file.status,
      attempts: file.attempts,
      rowsProcessed: file.rowsProcessed,
      summary: file.summary,
      error: file.error,
      createdAt: file.createdAt,
      startedAt: file.startedAt,
      finishedAt: file.finishedAt,
      results: {
        cleaned: file.cleanedKey ? resultLink(batch.id, file.id, "cleaned") : null,
        report: file.reportKey ? resultLink(batch.id, file.id, "report") : null,
      },
    })),
  }));

  const truncated = [
    ...(batches.length >= EXPORT_LIMITS.batches ? [`${EXPORT_LIMITS.batches} batches`] : []),
    ...(deliveries.length >= EXPORT_LIMITS.deliveries ? [`${EXPORT_LIMITS.deliveries} deliveries`] : []),
    ...(rowChanges.length >= EXPORT_LIMITS.rowChanges ? [`${EXPORT_LIMITS.rowChanges} row changes`] : []),
  ];
  const rowChangesOut = rowChanges.map((change) => ({
    batchId: change.row.file.batchId,
    fileId: change.row.file.id,
    file: change.row.file.originalName,
    line: change.row.line,
    addressInCell: change.row.part,
    change: change.action,
    before: change.before,
    after: change.after,
    changedAt: change.createdAt,
  }));
  const archive = createZip(
    [
      { name: "README.txt", content: readme(now, truncated) },
      {
        name: "account.json",
        content: toJson({
          id: user.id,
          email: user.email,
          name: user.name,
          emailVerified: user.emailVerified,
          createdAt: user.createdAt,
          updatedAt: user.updatedAt,
          signInMethods: user.accounts,
          exportedAt: now,
        }),
      },
      { name: "batches.json", content: toJson(batchesOut) },
      { name: "deliveries.json", content: toJson(deliveries) },
      { name: "row-changes.json", content: toJson(rowChangesOut) },
      { name: "preferences.json", content: toJson({ notifications: preference?.settings ?? null, updatedAt: preference?.updatedAt ?? null }) },
      { name: "webhook-endpoints.json", content: toJson(endpoints) },
      { name: "api-tokens.json", content: toJson(tokens) },
    ],
    now,
  );

  log.info(
    { event: "account.exported", userId, batches: batches.length, deliveries: deliveries.length, rowChanges: rowChanges.length, bytes: archive.length, truncated: truncated.length > 0 },
    "account data exported",
  );
  return { fileName: `tidings-export-${now.toISOString().slice(0, 10)}.zip`, archive };
}
