-- One batch, one list: how many rows of each file repeat an address of an earlier file
-- of its batch (upload order), counted by the worker when the batch's last file ends,
-- before its outcome is announced. NULL until counted (and for a batch with one file).

-- AlterTable
ALTER TABLE "Job" ADD COLUMN "crossFileDuplicates" JSONB;
