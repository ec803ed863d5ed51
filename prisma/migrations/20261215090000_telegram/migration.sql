-- CreateEnum
CREATE TYPE "TelegramUpdateStatus" AS ENUM ('received', 'handling', 'handled', 'failed');

-- CreateEnum
CREATE TYPE "TelegramMessageStatus" AS ENUM ('sent', 'failed');

-- CreateTable
CREATE TABLE "TelegramLink" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "chatId" BIGINT NOT NULL,
    "telegramUserId" BIGINT NOT NULL,
    "username" TEXT NOT NULL DEFAULT '',
    "firstName" TEXT NOT NULL DEFAULT '',
    "languageCode" TEXT NOT NULL DEFAULT '',
    "notifications" JSONB NOT NULL,
    "chatConversationId" UUID,
    "paymentsSeenUntil" TIMESTAMPTZ(3) NOT NULL,
    "linkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TelegramLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelegramLinkToken" (
    "tokenHash" TEXT NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramLinkToken_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateTable
CREATE TABLE "TelegramUpdate" (
    "updateId" BIGINT NOT NULL,
    "status" "TelegramUpdateStatus" NOT NULL DEFAULT 'received',
    "payload" JSONB NOT NULL,
    "chatId" BIGINT,
    "orgId" UUID,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMPTZ(3),
    "handledAt" TIMESTAMPTZ(3),
    "error" TEXT,

    CONSTRAINT "TelegramUpdate_pkey" PRIMARY KEY ("updateId")
);

-- CreateTable
CREATE TABLE "TelegramMessage" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "chatId" BIGINT NOT NULL,
    "method" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'reply',
    "text" TEXT NOT NULL,
    "status" "TelegramMessageStatus" NOT NULL,
    "error" TEXT,
    "telegramMessageId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TelegramNotification" (
    "linkId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "orgId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramNotification_pkey" PRIMARY KEY ("linkId","kind","key")
);

-- CreateTable
CREATE TABLE "TelegramButton" (
    "id" TEXT NOT NULL,
    "orgId" UUID NOT NULL,
    "chatId" BIGINT NOT NULL,
    "action" TEXT NOT NULL,
    "targetId" UUID,
    "targetVersion" TEXT NOT NULL DEFAULT '',
    "argument" TEXT NOT NULL DEFAULT '',
    "messageId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramButton_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TelegramLink_chatId_key" ON "TelegramLink"("chatId");

-- CreateIndex
CREATE UNIQUE INDEX "TelegramLink_orgId_userId_key" ON "TelegramLink"("orgId", "userId");

-- CreateIndex
CREATE INDEX "TelegramLinkToken_orgId_userId_idx" ON "TelegramLinkToken"("orgId", "userId");

-- CreateIndex
CREATE INDEX "TelegramUpdate_status_receivedAt_idx" ON "TelegramUpdate"("status", "receivedAt");

-- CreateIndex
CREATE INDEX "TelegramMessage_orgId_createdAt_id_idx" ON "TelegramMessage"("orgId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "TelegramMessage_chatId_createdAt_idx" ON "TelegramMessage"("chatId", "createdAt");

-- CreateIndex
CREATE INDEX "TelegramNotification_orgId_createdAt_idx" ON "TelegramNotification"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "TelegramButton_orgId_targetId_idx" ON "TelegramButton"("orgId", "targetId");

-- CreateIndex
CREATE INDEX "TelegramButton_createdAt_idx" ON "TelegramButton"("createdAt");

-- AddForeignKey
ALTER TABLE "TelegramLink" ADD CONSTRAINT "TelegramLink_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramLink" ADD CONSTRAINT "TelegramLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramLinkToken" ADD CONSTRAINT "TelegramLinkToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramLinkToken" ADD CONSTRAINT "TelegramLinkToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramMessage" ADD CONSTRAINT "TelegramMessage_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramNotification" ADD CONSTRAINT "TelegramNotification_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "TelegramLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TelegramButton" ADD CONSTRAINT "TelegramButton_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
