-- AlterEnum
-- The migrator runs each file in one transaction: the new value is only added here, never used in
-- the same transaction (PostgreSQL refuses to use an enum value added in an uncommitted transaction).
ALTER TYPE "AiPurpose" ADD VALUE 'sales_chat';

-- AlterTable
ALTER TABLE "WidgetConversation" ADD COLUMN     "transcriptActivityId" UUID;
