import { db } from "../db/client";
import { AppError } from "../errors";
import { toBatchView, type BatchView, type EmailNoticeContext } from "./batch-view";

/**
 * One of this person's batches with its files. Another person's batch is "not
 * found", never "forbidden": its existence is nobody else's business. With the owner's
 * preferences, its email notice says how the email will actually go out.
 */
export async function getBatch(userId: string, batchId: string, notice?: EmailNoticeContext): Promise<BatchView> {
  const batch = await db().batch.findFirst({
    where: { id: batchId, userId },
    include: { files: { orderBy: { position: "asc" } } },
  });
  if (!batch) throw new AppError("not_found", "No batch with that id.");
  return toBatchView(batch, notice);
}
