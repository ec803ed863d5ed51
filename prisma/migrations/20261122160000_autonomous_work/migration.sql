-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('social_media_post', 'email_campaign', 'lead_followup', 'goal_step', 'report');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskOrigin" AS ENUM ('user', 'api_key', 'agentic', 'goal');

-- CreateEnum
CREATE TYPE "InsightStatus" AS ENUM ('open', 'accepted', 'dismissed', 'undone');

-- CreateEnum
CREATE TYPE "GoalStatus" AS ENUM ('active', 'completed', 'cancelled');

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "type" "TaskType" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'PENDING',
    "title" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "runAfter" TIMESTAMPTZ(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMPTZ(3),
    "origin" "TaskOrigin" NOT NULL,
    "createdById" UUID,
    "goalId" UUID,
    "goalOrder" INTEGER,
    "dueAt" TIMESTAMPTZ(3),
    "insightId" UUID,
    "dedupeKey" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgenticRun" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "triggeredById" UUID,
    "insightCount" INTEGER NOT NULL DEFAULT 0,
    "actionCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgenticRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Insight" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "confidence" DOUBLE PRECISION NOT NULL,
    "title" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "status" "InsightStatus" NOT NULL DEFAULT 'open',
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Insight_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Goal" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "targetDate" TIMESTAMPTZ(3),
    "status" "GoalStatus" NOT NULL DEFAULT 'active',
    "plannedBy" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Goal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "instance" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "ok" BOOLEAN,
    "durationMs" INTEGER,
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobLock" (
    "job" TEXT NOT NULL,
    "lockedBy" TEXT NOT NULL,
    "lockedUntil" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobLock_pkey" PRIMARY KEY ("job")
);

-- CreateTable
CREATE TABLE "OwnerDigest" (
    "orgId" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "sentTo" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "OwnerDigest_pkey" PRIMARY KEY ("orgId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "Task_orgId_dedupeKey_key" ON "Task"("orgId", "dedupeKey");

-- CreateIndex
CREATE INDEX "Task_status_runAfter_idx" ON "Task"("status", "runAfter");

-- CreateIndex
CREATE INDEX "Task_status_leaseExpiresAt_idx" ON "Task"("status", "leaseExpiresAt");

-- CreateIndex
CREATE INDEX "Task_orgId_createdAt_id_idx" ON "Task"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_orgId_status_createdAt_idx" ON "Task"("orgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Task_goalId_goalOrder_idx" ON "Task"("goalId", "goalOrder");

-- CreateIndex
CREATE INDEX "Task_insightId_idx" ON "Task"("insightId");

-- CreateIndex
CREATE INDEX "AgenticRun_orgId_startedAt_idx" ON "AgenticRun"("orgId", "startedAt");

-- CreateIndex
CREATE INDEX "Insight_orgId_createdAt_id_idx" ON "Insight"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Insight_orgId_kind_createdAt_idx" ON "Insight"("orgId", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "Goal_orgId_createdAt_idx" ON "Goal"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "JobRun_job_startedAt_idx" ON "JobRun"("job", "startedAt");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_goalId_fkey" FOREIGN KEY ("goalId") REFERENCES "Goal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_insightId_fkey" FOREIGN KEY ("insightId") REFERENCES "Insight"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgenticRun" ADD CONSTRAINT "AgenticRun_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Insight" ADD CONSTRAINT "Insight_runId_fkey" FOREIGN KEY ("runId") REFERENCES "AgenticRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Goal" ADD CONSTRAINT "Goal_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnerDigest" ADD CONSTRAINT "OwnerDigest_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "ContentPost" ADD COLUMN "taskId" UUID;

-- AlterTable
ALTER TABLE "EmailCampaign" ADD COLUMN "taskId" UUID;

-- AlterTable
ALTER TABLE "LeadActivity" ADD COLUMN "taskId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "ContentPost_taskId_key" ON "ContentPost"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailCampaign_taskId_key" ON "EmailCampaign"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "LeadActivity_taskId_key" ON "LeadActivity"("taskId");
