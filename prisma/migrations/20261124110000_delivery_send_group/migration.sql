-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "sendGroup" TEXT;

-- CreateIndex
CREATE INDEX "Delivery_sendGroup_idx" ON "Delivery"("sendGroup");
