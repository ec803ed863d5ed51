-- What each Stripe event says about a subscription, so the webhook can fold an org's events in
-- `created` order whatever order they arrive in. Rows recorded before this carry none (Stripe's
-- payloads were not kept); the state they produced stays on BillingAccount.

-- AlterTable
ALTER TABLE "StripeEvent" ADD COLUMN     "subscriptionId" TEXT,
ADD COLUMN     "subscriptionStatus" TEXT,
ADD COLUMN     "priceId" TEXT,
ADD COLUMN     "periodEnd" TIMESTAMPTZ(3),
ADD COLUMN     "subscriptionCreated" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "StripeEvent_orgId_subscriptionId_idx" ON "StripeEvent"("orgId", "subscriptionId");
