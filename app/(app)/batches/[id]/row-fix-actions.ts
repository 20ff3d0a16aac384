"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { rerunFileWithColumn } from "@/lib/batches/rerun-file-with-column";
import { webBoss } from "@/lib/queue/boss";
import { fixFlaggedRow, rowFixSchema } from "@/lib/row-fixes/fix-flagged-row";

const id = z.string().min(1).max(64);

export const fixRowAction = userAction(z.intersection(z.object({ batchId: id, rowId: id }), rowFixSchema), async (input, user) => {
  const { address, warning } = await fixFlaggedRow(user.id, input.batchId, input.rowId, input);
  revalidatePath(`/batches/${input.batchId}`);
  return { ok: true, message: warning === null ? `Fixed: ${address}` : `Fixed: ${address}. Note: ${warning}` };
});

export const rerunWithColumnAction = userAction(
  z.object({ batchId: id, fileId: id, column: z.string({ error: "Pick the email column." }).min(1, "Pick the email column.").max(500) }),
  async ({ batchId, fileId, column }, user) => {
    await rerunFileWithColumn(await webBoss(), user.id, batchId, fileId, column);
    revalidatePath(`/batches/${batchId}`);
    return { ok: true, message: `Running the file again with the column “${column}”.` };
  },
);
