-- CreateTable
CREATE TABLE "QueueFailure" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "deadJobId" TEXT NOT NULL,
    "jobId" TEXT,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "failedAt" TIMESTAMP(3) NOT NULL,
    "alertId" TEXT,

    CONSTRAINT "QueueFailure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdminAlert" (
    "id" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "error" TEXT,
    "failureCount" INTEGER NOT NULL,

    CONSTRAINT "AdminAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "QueueFailure_deadJobId_key" ON "QueueFailure"("deadJobId");

-- CreateIndex
CREATE INDEX "QueueFailure_alertId_idx" ON "QueueFailure"("alertId");

-- CreateIndex
CREATE INDEX "QueueFailure_failedAt_idx" ON "QueueFailure"("failedAt");

-- CreateIndex
CREATE INDEX "AdminAlert_claimedAt_idx" ON "AdminAlert"("claimedAt");

-- AddForeignKey
ALTER TABLE "QueueFailure" ADD CONSTRAINT "QueueFailure_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "AdminAlert"("id") ON DELETE SET NULL ON UPDATE CASCADE;
