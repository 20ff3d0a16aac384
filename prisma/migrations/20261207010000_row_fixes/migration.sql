-- Fixing rows in the app (lib/row-fixes/): the invalid and risky rows of each processed
-- file (bounded per file), the changes made to them by hand, and why a file failed as a code.

-- AlterTable
ALTER TABLE "Job" ADD COLUMN "errorCode" TEXT;

-- CreateTable
CREATE TABLE "FlaggedRow" (
    "id" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "part" INTEGER NOT NULL DEFAULT 1,
    "cells" JSONB NOT NULL,
    "address" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "reasons" TEXT[],
    "detail" TEXT NOT NULL,
    "suggestion" TEXT,
    "fixedAddress" TEXT,
    "fixedHow" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlaggedRow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RowChange" (
    "id" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "before" TEXT NOT NULL,
    "after" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RowChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FlaggedRow_fileId_line_part_key" ON "FlaggedRow"("fileId", "line", "part");

-- CreateIndex
CREATE INDEX "RowChange_rowId_createdAt_idx" ON "RowChange"("rowId", "createdAt");

-- AddForeignKey
ALTER TABLE "FlaggedRow" ADD CONSTRAINT "FlaggedRow_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RowChange" ADD CONSTRAINT "RowChange_rowId_fkey" FOREIGN KEY ("rowId") REFERENCES "FlaggedRow"("id") ON DELETE CASCADE ON UPDATE CASCADE;
