-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed', 'cancelled');

-- AlterEnum
ALTER TYPE "LeadActivityKind" ADD VALUE 'followup_draft';

-- AlterEnum
ALTER TYPE "TaskType" ADD VALUE 'approved_action';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "followupDraftedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "stepDoneAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Goal" ADD COLUMN     "metric" TEXT,
ADD COLUMN     "metricCurrency" TEXT,
ADD COLUMN     "metricTarget" INTEGER;

-- CreateTable
CREATE TABLE "ApprovalItem" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" UUID NOT NULL,
    "audience" TEXT NOT NULL,
    "audienceSize" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "targetVersion" TEXT NOT NULL,
    "risk" TEXT NOT NULL,
    "riskReasons" TEXT[],
    "moneyMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "reason" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "insightId" UUID,
    "taskId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "autoRuleId" UUID,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT NOT NULL DEFAULT '',
    "executionTaskId" UUID,
    "executedAt" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApprovalItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalRule" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "maxRisk" TEXT NOT NULL,
    "maxMoneyMinor" INTEGER,
    "weekdaysOnly" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApprovalRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionOutcome" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "action" TEXT NOT NULL,
    "subjectId" UUID NOT NULL,
    "leadId" UUID,
    "variants" TEXT[],
    "actedAt" TIMESTAMPTZ(3) NOT NULL,
    "windowEndsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "signal" TEXT,
    "evidence" JSONB NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalItem_orgId_status_createdAt_id_idx" ON "ApprovalItem"("orgId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApprovalItem_orgId_createdAt_id_idx" ON "ApprovalItem"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "ApprovalItem_status_expiresAt_idx" ON "ApprovalItem"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "ApprovalItem_orgId_targetType_targetId_idx" ON "ApprovalItem"("orgId", "targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalItem_taskId_kind_key" ON "ApprovalItem"("taskId", "kind");

-- CreateIndex
CREATE INDEX "ApprovalRule_orgId_kind_idx" ON "ApprovalRule"("orgId", "kind");

-- CreateIndex
CREATE INDEX "ActionOutcome_orgId_action_status_idx" ON "ActionOutcome"("orgId", "action", "status");

-- CreateIndex
CREATE INDEX "ActionOutcome_status_windowEndsAt_idx" ON "ActionOutcome"("status", "windowEndsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ActionOutcome_orgId_action_subjectId_key" ON "ActionOutcome"("orgId", "action", "subjectId");

-- AddForeignKey
ALTER TABLE "ApprovalItem" ADD CONSTRAINT "ApprovalItem_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRule" ADD CONSTRAINT "ApprovalRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionOutcome" ADD CONSTRAINT "ActionOutcome_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Plan goals were completed when the AI had drafted every step; a step is now done only when the
-- owner marks it so. Reopen the plan goals no owner finished (none has a step marked done yet).
UPDATE "Goal" SET "status" = 'active', "completedAt" = NULL
WHERE "status" = 'completed' AND "metric" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "Task" WHERE "Task"."goalId" = "Goal"."id" AND "Task"."stepDoneAt" IS NOT NULL);
