-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "digestEventId" TEXT;

-- CreateIndex
CREATE INDEX "Delivery_status_digestEventId_idx" ON "Delivery"("status", "digestEventId");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_digestEventId_fkey" FOREIGN KEY ("digestEventId") REFERENCES "NotificationEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
