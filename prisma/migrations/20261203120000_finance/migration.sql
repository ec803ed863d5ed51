-- Money: the org's books (accounts, categories, transactions, statement imports, rules, its own Stripe,
-- report schedules) and its money settings. The daily AI-expense rows leave the org's books: the AI cost we
-- bear stays in AiCall (usage views, the platform's margin).

-- CreateEnum
CREATE TYPE "FinanceAccountKind" AS ENUM ('bank', 'card', 'cash', 'processor');

-- CreateEnum
CREATE TYPE "FinanceCategoryKind" AS ENUM ('income', 'expense', 'transfer');

-- CreateEnum
CREATE TYPE "FinanceTxSource" AS ENUM ('manual', 'import', 'stripe', 'rule', 'billing');

-- CreateEnum
CREATE TYPE "FinanceImportStatus" AS ENUM ('preview', 'committed');

-- CreateEnum
CREATE TYPE "FinanceProposalStatus" AS ENUM ('open', 'accepted', 'dismissed');

-- DropForeignKey
ALTER TABLE "Transaction" DROP CONSTRAINT "Transaction_orgId_fkey";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "currency" TEXT NOT NULL DEFAULT 'USD',
ADD COLUMN     "fiscalYearStartMonth" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "timezone" TEXT NOT NULL DEFAULT 'UTC';

-- DropTable
DROP TABLE "Transaction";

-- DropEnum
DROP TYPE "TransactionKind";

-- CreateTable
CREATE TABLE "FinanceAccount" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FinanceAccountKind" NOT NULL,
    "currency" TEXT NOT NULL,
    "openingBalanceMinor" BIGINT NOT NULL DEFAULT 0,
    "openingDate" DATE,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceCategory" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FinanceCategoryKind" NOT NULL,
    "key" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceTransaction" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "counterparty" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "categoryId" UUID,
    "source" "FinanceTxSource" NOT NULL,
    "sourceRef" TEXT,
    "importId" UUID,
    "ruleId" UUID,
    "transferId" UUID,
    "tags" TEXT[],
    "notes" TEXT NOT NULL DEFAULT '',
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceTransaction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceImport" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID,
    "fileName" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "status" "FinanceImportStatus" NOT NULL DEFAULT 'preview',
    "detected" JSONB NOT NULL,
    "totals" JSONB NOT NULL,
    "duplicates" JSONB NOT NULL,
    "rejected" JSONB NOT NULL,
    "mapping" JSONB,
    "importedCount" INTEGER NOT NULL DEFAULT 0,
    "skippedDuplicates" INTEGER NOT NULL DEFAULT 0,
    "createdById" UUID,
    "committedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceRule" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "conditions" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "stopHere" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceCorrection" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "transactionId" UUID NOT NULL,
    "counterpartyKey" TEXT NOT NULL,
    "categoryId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceRuleProposal" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "counterpartyKey" TEXT NOT NULL,
    "counterparty" TEXT NOT NULL,
    "categoryId" UUID NOT NULL,
    "corrections" INTEGER NOT NULL,
    "status" "FinanceProposalStatus" NOT NULL DEFAULT 'open',
    "ruleId" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceRuleProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceStripeConnection" (
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "payoutAccountId" UUID,
    "stripeAccountId" TEXT NOT NULL,
    "keyEnc" TEXT NOT NULL,
    "keyLast4" TEXT NOT NULL,
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "connectedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceStripeConnection_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "FinanceReportSettings" (
    "orgId" UUID NOT NULL,
    "weeklyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "weeklyWeekday" INTEGER NOT NULL DEFAULT 1,
    "monthlyEnabled" BOOLEAN NOT NULL DEFAULT false,
    "hour" INTEGER NOT NULL DEFAULT 8,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceReportSettings_pkey" PRIMARY KEY ("orgId")
);

-- CreateTable
CREATE TABLE "FinanceReportSend" (
    "orgId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "sentTo" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "FinanceReportSend_pkey" PRIMARY KEY ("orgId","period")
);

-- CreateIndex
CREATE UNIQUE INDEX "FinanceAccount_orgId_name_key" ON "FinanceAccount"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceCategory_orgId_name_key" ON "FinanceCategory"("orgId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceCategory_orgId_key_key" ON "FinanceCategory"("orgId", "key");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_date_categoryId_amountMinor_idx" ON "FinanceTransaction"("orgId", "date", "categoryId", "amountMinor");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_date_id_idx" ON "FinanceTransaction"("orgId", "date", "id");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_accountId_date_idx" ON "FinanceTransaction"("orgId", "accountId", "date");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_categoryId_date_idx" ON "FinanceTransaction"("orgId", "categoryId", "date");

-- CreateIndex
CREATE INDEX "FinanceTransaction_orgId_counterparty_idx" ON "FinanceTransaction"("orgId", "counterparty");

-- CreateIndex
CREATE INDEX "FinanceTransaction_importId_idx" ON "FinanceTransaction"("importId");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceTransaction_orgId_source_sourceRef_key" ON "FinanceTransaction"("orgId", "source", "sourceRef");

-- CreateIndex
CREATE INDEX "FinanceImport_orgId_createdAt_idx" ON "FinanceImport"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "FinanceRule_orgId_position_idx" ON "FinanceRule"("orgId", "position");

-- CreateIndex
CREATE INDEX "FinanceCorrection_orgId_counterpartyKey_categoryId_idx" ON "FinanceCorrection"("orgId", "counterpartyKey", "categoryId");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceRuleProposal_orgId_counterpartyKey_categoryId_key" ON "FinanceRuleProposal"("orgId", "counterpartyKey", "categoryId");

-- CreateIndex
CREATE UNIQUE INDEX "FinanceStripeConnection_accountId_key" ON "FinanceStripeConnection"("accountId");

-- AddForeignKey
ALTER TABLE "FinanceAccount" ADD CONSTRAINT "FinanceAccount_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceCategory" ADD CONSTRAINT "FinanceCategory_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "FinanceAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "FinanceCategory"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_importId_fkey" FOREIGN KEY ("importId") REFERENCES "FinanceImport"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceTransaction" ADD CONSTRAINT "FinanceTransaction_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "FinanceRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceImport" ADD CONSTRAINT "FinanceImport_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceImport" ADD CONSTRAINT "FinanceImport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "FinanceAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceRule" ADD CONSTRAINT "FinanceRule_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceCorrection" ADD CONSTRAINT "FinanceCorrection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceCorrection" ADD CONSTRAINT "FinanceCorrection_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "FinanceCategory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceRuleProposal" ADD CONSTRAINT "FinanceRuleProposal_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceRuleProposal" ADD CONSTRAINT "FinanceRuleProposal_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "FinanceCategory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceStripeConnection" ADD CONSTRAINT "FinanceStripeConnection_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceStripeConnection" ADD CONSTRAINT "FinanceStripeConnection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "FinanceAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceReportSettings" ADD CONSTRAINT "FinanceReportSettings_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinanceReportSend" ADD CONSTRAINT "FinanceReportSend_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

