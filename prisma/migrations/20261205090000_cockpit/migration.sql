-- CreateEnum
CREATE TYPE "MrrMovementKind" AS ENUM ('new', 'expansion', 'contraction', 'churn', 'reactivation');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "onboardingDismissedAt" TIMESTAMPTZ(3),
ADD COLUMN     "playbook" TEXT,
ADD COLUMN     "stageLabels" JSONB;

-- AlterTable
ALTER TABLE "PlatformSettings" ADD COLUMN     "aiBudgets" JSONB;

-- AlterTable
ALTER TABLE "AiSettings" ADD COLUMN     "contentThemes" TEXT[];

-- CreateTable
CREATE TABLE "AiBudgetMonth" (
    "orgId" UUID NOT NULL,
    "month" TEXT NOT NULL,
    "reservedNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "spentNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "extraNanoUsd" BIGINT NOT NULL DEFAULT 0,
    "alertedPercent" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AiBudgetMonth_pkey" PRIMARY KEY ("orgId","month")
);

-- CreateTable
CREATE TABLE "PlatformAlert" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "orgId" UUID,
    "message" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "PlatformAlert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MrrMovement" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "kind" "MrrMovementKind" NOT NULL,
    "fromCents" INTEGER NOT NULL,
    "toCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "planFrom" "Plan",
    "planTo" "Plan",
    "sourceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MrrMovement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlatformAlert_dedupeKey_key" ON "PlatformAlert"("dedupeKey");

-- CreateIndex
CREATE INDEX "PlatformAlert_createdAt_idx" ON "PlatformAlert"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MrrMovement_sourceKey_key" ON "MrrMovement"("sourceKey");

-- CreateIndex
CREATE INDEX "MrrMovement_occurredAt_idx" ON "MrrMovement"("occurredAt");

-- CreateIndex
CREATE INDEX "MrrMovement_orgId_occurredAt_idx" ON "MrrMovement"("orgId", "occurredAt");

-- AddForeignKey
ALTER TABLE "AiBudgetMonth" ADD CONSTRAINT "AiBudgetMonth_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MrrMovement" ADD CONSTRAINT "MrrMovement_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: every org on a paid plan today gets one 'new' movement at the time its billing began
-- (or the org was made), so MRR from history equals MRR now. Prices are the plans' list prices.
INSERT INTO "MrrMovement" ("id", "orgId", "occurredAt", "kind", "fromCents", "toCents", "currency", "planFrom", "planTo", "sourceKey")
SELECT gen_random_uuid(), o."id", COALESCE(b."createdAt", o."createdAt"), 'new', 0,
       CASE o."plan" WHEN 'pro' THEN 2900 WHEN 'enterprise' THEN 29900 ELSE 0 END,
       'USD', NULL, o."plan", 'backfill:' || o."id"::text
FROM "Organization" o LEFT JOIN "BillingAccount" b ON b."orgId" = o."id"
WHERE o."plan" <> 'free';
