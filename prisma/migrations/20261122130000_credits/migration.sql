-- CreateEnum
CREATE TYPE "CreditEntryKind" AS ENUM ('grant', 'purchase', 'consume', 'refund', 'adjustment');

-- CreateEnum
CREATE TYPE "CreditDisputeStatus" AS ENUM ('open', 'refunded', 'rejected');

-- CreateTable
CREATE TABLE "CreditWallet" (
    "orgId" UUID NOT NULL,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CreditWallet_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "CreditEntry" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" "CreditEntryKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "balanceAfter" INTEGER NOT NULL,
    "reason" TEXT,
    "actorUserId" UUID,
    "idempotencyKey" TEXT,
    "relatedEntryId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditDispute" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "entryId" UUID NOT NULL,
    "status" "CreditDisputeStatus" NOT NULL DEFAULT 'open',
    "reason" TEXT NOT NULL,
    "resolutionNote" TEXT,
    "openedBy" UUID NOT NULL,
    "resolvedBy" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CreditDispute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditEntry_orgId_createdAt_idx" ON "CreditEntry"("orgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEntry_orgId_idempotencyKey_key" ON "CreditEntry"("orgId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "CreditDispute_orgId_entryId_idx" ON "CreditDispute"("orgId", "entryId");

-- CreateIndex
CREATE INDEX "CreditDispute_status_idx" ON "CreditDispute"("status");

-- AddForeignKey
ALTER TABLE "CreditWallet" ADD CONSTRAINT "CreditWallet_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditEntry" ADD CONSTRAINT "CreditEntry_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditDispute" ADD CONSTRAINT "CreditDispute_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
