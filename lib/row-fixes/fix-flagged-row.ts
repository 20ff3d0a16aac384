// One change to a flagged row by its owner: take the suggested address, type a new one,
// or say the address is fine as it is. The row then goes into the file's corrected
// list, and the change is recorded (who, when, before → after).
import { z } from "zod";
import { db } from "../db/client";
import { AppError } from "../errors";
import { log } from "../log";
import { findFixedDuplicate } from "./find-fixed-duplicate";
import { judgeFixedAddress } from "./judge-fixed-address";

export const rowFixSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept_suggestion") }),
  z.object({ action: z.literal("edit"), address: z.string().trim().min(1, "Type the corrected address.").max(320) }),
  z.object({ action: z.literal("mark_valid") }),
]);
export type RowFix = z.infer<typeof rowFixSchema>;

/** How a row was fixed, as stored in FlaggedRow.fixedHow. */
const fixedHowOf = { accept_suggestion: "suggestion", edit: "edit", mark_valid: "marked_valid" } as const;

export type RowFixResult = { readonly address: string; readonly warning: string | null };

export async function fixFlaggedRow(userId: string, batchId: string, rowId: string, fix: RowFix): Promise<RowFixResult> {
  const row = await db().flaggedRow.findFirst({
    where: { id: rowId, file: { batchId, batch: { userId } } },
    select: { id: true, fileId: true, line: true, address: true, suggestion: true, fixedAddress: true },
  });
  if (!row) throw new AppError("not_found", "No such row in this batch.");
  const judged = judge(row, fix);
  const before = row.fixedAddress ?? row.address;
  await db().$transaction([
    db().flaggedRow.update({ where: { id: row.id }, data: { fixedAddress: judged.address, fixedHow: fixedHowOf[fix.action] } }),
    db().rowChange.create({ data: { rowId: row.id, userId, action: fix.action, before, after: judged.address } }),
  ]);
  log.info({ event: "row.fixed", batchId, rowId, action: fix.action }, "flagged row fixed by hand");
  // Taken all the same (the record says what the owner did); the corrected list has the address once.
  const repeated = await findFixedDuplicate(row.fileId, row.id, judged.address);
  if (repeated === null) return judged;
  const note = `Line ${repeated} was fixed to the same address, so the corrected list has it once.`;
  return { address: judged.address, warning: judged.warning === null ? note : `${judged.warning} ${note}` };
}

function judge(row: { address: string; suggestion: string | null }, fix: RowFix): RowFixResult {
  switch (fix.action) {
    case "accept_suggestion": {
      if (row.suggestion === null) throw new AppError("conflict", "This row has no suggestion to accept.");
      const { normalized, warning } = judgeFixedAddress(row.suggestion);
      return { address: normalized, warning };
    }
    case "edit": {
      const { normalized, warning } = judgeFixedAddress(fix.address);
      return { address: normalized, warning };
    }
    case "mark_valid":
      // The owner knows better than the rules (an intranet domain, a friend's odd address):
      // the address goes out as written, normalised where the rules can read it.
      return { address: markedValidAddress(row.address), warning: null };
  }
}

function markedValidAddress(address: string): string {
  try {
    return judgeFixedAddress(address).normalized;
  } catch {
    return address.trim();
  }
}
