-- Extra recipients must agree before they get batch emails (lib/recipient-consent/).
-- Addresses named before this migration have no row: they are asked on their next upload.

-- CreateEnum
CREATE TYPE "RecipientConsentStatus" AS ENUM ('pending', 'accepted', 'refused');

-- CreateTable
CREATE TABLE "RecipientConsent" (
    "id" TEXT NOT NULL,
    "ownerUserId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" "RecipientConsentStatus" NOT NULL DEFAULT 'pending',
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "respondedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecipientConsent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RecipientConsent_ownerUserId_email_key" ON "RecipientConsent"("ownerUserId", "email");

-- CreateIndex
CREATE INDEX "RecipientConsent_ownerUserId_requestedAt_idx" ON "RecipientConsent"("ownerUserId", "requestedAt");

-- CreateIndex
CREATE INDEX "RecipientConsent_email_requestedAt_idx" ON "RecipientConsent"("email", "requestedAt");

-- AddForeignKey
ALTER TABLE "RecipientConsent" ADD CONSTRAINT "RecipientConsent_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
