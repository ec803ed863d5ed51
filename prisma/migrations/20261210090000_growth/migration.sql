-- CreateEnum
CREATE TYPE "WidgetConversationMode" AS ENUM ('ai', 'human');

-- CreateEnum
CREATE TYPE "WidgetMessageRole" AS ENUM ('visitor', 'ai', 'human', 'system');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "brandColor" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "emailFromName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "emailReplyTo" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "logoUrl" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "firstTouch" JSONB,
ADD COLUMN     "lastTouch" JSONB;

-- AlterTable
ALTER TABLE "FinanceTransaction" ADD COLUMN     "leadId" UUID;

-- AlterTable
ALTER TABLE "CampaignRecipient" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "clickCount" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "clickedAt" TIMESTAMPTZ(3),
ADD COLUMN     "unsubscribedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "WidgetSettings" (
    "orgId" UUID NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "publicKey" TEXT NOT NULL,
    "domains" TEXT[],
    "greeting" TEXT NOT NULL DEFAULT '',
    "offer" JSONB,
    "keyRotatedAt" TIMESTAMPTZ(3),
    "updatedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WidgetSettings_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "WidgetConversation" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "visitorTokenHash" TEXT NOT NULL,
    "leadId" UUID,
    "mode" "WidgetConversationMode" NOT NULL DEFAULT 'ai',
    "takenOverById" UUID,
    "fields" JSONB NOT NULL,
    "qualifiedAt" TIMESTAMPTZ(3),
    "firstTouch" JSONB,
    "lastTouch" JSONB,
    "pageUrl" TEXT NOT NULL DEFAULT '',
    "messageCount" INTEGER NOT NULL DEFAULT 0,
    "lastMessageAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WidgetConversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WidgetMessage" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "conversationId" UUID NOT NULL,
    "role" "WidgetMessageRole" NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WidgetMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WidgetSettings_publicKey_key" ON "WidgetSettings"("publicKey");

-- CreateIndex
CREATE UNIQUE INDEX "WidgetConversation_visitorTokenHash_key" ON "WidgetConversation"("visitorTokenHash");

-- CreateIndex
CREATE INDEX "WidgetConversation_orgId_lastMessageAt_idx" ON "WidgetConversation"("orgId", "lastMessageAt");

-- CreateIndex
CREATE INDEX "WidgetConversation_leadId_idx" ON "WidgetConversation"("leadId");

-- CreateIndex
CREATE INDEX "WidgetMessage_conversationId_createdAt_idx" ON "WidgetMessage"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "WidgetMessage_orgId_createdAt_idx" ON "WidgetMessage"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_leadId_idx" ON "FinanceTransaction"("orgId", "leadId");

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetSettings" ADD CONSTRAINT "WidgetSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetConversation" ADD CONSTRAINT "WidgetConversation_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetConversation" ADD CONSTRAINT "WidgetConversation_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetMessage" ADD CONSTRAINT "WidgetMessage_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WidgetMessage" ADD CONSTRAINT "WidgetMessage_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "WidgetConversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
