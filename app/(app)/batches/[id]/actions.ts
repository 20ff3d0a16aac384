"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/app/action-state";
import { cancelBatch } from "@/lib/batches/cancel-batch";
import { deleteBatch } from "@/lib/batches/delete-batch";
import { retryFailedFiles } from "@/lib/batches/retry-failed-files";
import { webBoss } from "@/lib/queue/boss";

const batchInput = z.object({ batchId: z.string().min(1).max(64) });

export const cancelBatchAction = userAction(batchInput, async ({ batchId }, user) => {
  await cancelBatch(await webBoss(), user.id, batchId);
  revalidatePath(`/batches/${batchId}`);
  return { ok: true, message: "Batch cancelled." };
});

export const retryFailedFilesAction = userAction(batchInput, async ({ batchId }, user) => {
  const { retried } = await retryFailedFiles(await webBoss(), user.id, batchId);
  revalidatePath(`/batches/${batchId}`);
  return { ok: true, message: `${retried} ${retried === 1 ? "file" : "files"} queued again.` };
});

export const deleteBatchAction = userAction(batchInput, async ({ batchId }, user) => {
  await deleteBatch(await webBoss(), user.id, batchId);
  redirect("/dashboard");
});
