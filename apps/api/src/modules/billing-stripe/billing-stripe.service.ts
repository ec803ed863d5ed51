import type { Plan } from '@aiceo/shared/plans';
import type { BillingState, CheckoutInput } from '@aiceo/shared/stripe-billing';
import type { Env } from '../../config/env';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { callStripe } from '../../lib/stripe-gateway';

type PaidPlan = CheckoutInput['plan'];
const DAY_MS = 86_400_000;

export const priceIdFor = (env: Env, plan: PaidPlan): string =>
  plan === 'pro' ? env.STRIPE_PRICE_PRO : env.STRIPE_PRICE_ENTERPRISE;

/** The plan a Stripe price pays for; null for a price this app does not sell. */
export const planForPrice = (env: Env, priceId: string | null | undefined): PaidPlan | null =>
  priceId === env.STRIPE_PRICE_PRO ? 'pro' : priceId === env.STRIPE_PRICE_ENTERPRISE ? 'enterprise' : null;

/** Subscription statuses that still pay for a plan (past_due only until the grace period ends). */
export const LIVE_STATUSES = new Set(['active', 'trialing', 'past_due']);

export const graceEndsAt = (env: Env, pastDueSince: Date | null): Date | null =>
  pastDueSince ? new Date(pastDueSince.getTime() + env.BILLING_GRACE_DAYS * DAY_MS) : null;

/** The plan an org gets from its subscription's status and price at `now`. */
export const planFromSubscription = (
  env: Env,
  state: { status: string | null; priceId: string | null; pastDueSince: Date | null },
  now: Date,
): Plan => {
  const paid = planForPrice(env, state.priceId);
  if (!paid || !state.status || !LIVE_STATUSES.has(state.status)) return 'free';
  if (state.status === 'past_due') {
    const ends = graceEndsAt(env, state.pastDueSince);
    if (ends && ends.getTime() <= now.getTime()) return 'free';
  }
  return paid;
};

/**
 * The plan a subscription counts in MRR for: its price's plan while active or past due (a failed
 * payment still counts until Stripe ends the subscription: churn is recognised when it is canceled
 * or unpaid, not when a payment fails), free otherwise (trialing pays nothing yet; incomplete never paid).
 */
export const mrrPlanOf = (
  env: Env,
  state: { subscriptionStatus: string | null; stripePriceId: string | null },
): Plan => {
  const paid = planForPrice(env, state.stripePriceId);
  return paid && (state.subscriptionStatus === 'active' || state.subscriptionStatus === 'past_due') ? paid : 'free';
};

const accountSelect = {
  orgId: true,
  stripeCustomerId: true,
  stripeSubscriptionId: true,
  subscriptionStatus: true,
  currentPeriodEnd: true,
  pastDueSince: true,
} as const;

/**
 * Drops past-due orgs whose grace period has ended to free: for one org when its billing is
 * read, or for all of them from a job. Answers how many were downgraded.
 */
export const runBillingGrace = async (
  { db, env, clock }: Pick<Deps, 'db' | 'env' | 'clock'>,
  options: { orgId?: string } = {},
): Promise<{ downgraded: number }> => {
  const cutoff = new Date(clock.now().getTime() - env.BILLING_GRACE_DAYS * DAY_MS);
  const expired = await db.billingAccount.findMany({
    where: {
      ...(options.orgId ? { orgId: options.orgId } : {}),
      subscriptionStatus: 'past_due',
      pastDueSince: { lte: cutoff },
      plan: { not: 'free' },
    },
    select: { orgId: true },
  });
  for (const { orgId } of expired) {
    await db.$transaction(async (tx) => {
      // Conditional, so a payment that lands meanwhile wins.
      const { count } = await tx.billingAccount.updateMany({
        where: { orgId, subscriptionStatus: 'past_due', pastDueSince: { lte: cutoff } },
        data: { plan: 'free' },
      });
      if (count > 0)
        await tx.organization.update({ where: { id: orgId }, data: { plan: 'free' }, select: { id: true } });
    });
  }
  return { downgraded: expired.length };
};

const purchasable: PaidPlan[] = ['pro', 'enterprise'];

export const getBillingState = async (
  deps: Pick<Deps, 'db' | 'env' | 'clock' | 'stripe'>,
  { orgId }: { orgId: string },
): Promise<BillingState> => {
  await runBillingGrace(deps, { orgId });
  const org = await deps.db.organization.findUnique({
    where: { id: orgId },
    select: { plan: true, billing: { select: accountSelect } },
  });
  if (!org) throw new AppError('NOT_FOUND', 'Organisation not found');
  const account = org.billing;
  const status = account?.subscriptionStatus ?? null;
  return {
    mode: deps.stripe.mode,
    plan: org.plan,
    status,
    hasCustomer: Boolean(account),
    currentPeriodEnd: account?.currentPeriodEnd?.toISOString() ?? null,
    pastDueSince: account?.pastDueSince?.toISOString() ?? null,
    graceEndsAt:
      status === 'past_due' ? (graceEndsAt(deps.env, account?.pastDueSince ?? null)?.toISOString() ?? null) : null,
    // Nothing can be bought on a server without Stripe keys; the platform admin changes plans there.
    purchasablePlans: deps.stripe.mode === 'not-configured' ? [] : purchasable.filter((plan) => plan !== org.plan),
  };
};

/** The org's one Stripe customer, made on first use; the gateway's idempotency key keeps racing requests to one. */
const ensureCustomer = async (deps: Pick<Deps, 'db' | 'stripe'>, { orgId }: { orgId: string }): Promise<string> => {
  const existing = await deps.db.billingAccount.findUnique({ where: { orgId }, select: { stripeCustomerId: true } });
  if (existing) return existing.stripeCustomerId;
  const org = await deps.db.organization.findUnique({ where: { id: orgId }, select: { name: true } });
  if (!org) throw new AppError('NOT_FOUND', 'Organisation not found');
  const customer = await callStripe(() => deps.stripe.createCustomer({ orgId, name: org.name }));
  const account = await deps.db.billingAccount.upsert({
    where: { orgId },
    create: { orgId, stripeCustomerId: customer.id },
    update: {},
    select: { stripeCustomerId: true },
  });
  return account.stripeCustomerId;
};

const billingPageUrl = (env: Env, orgId: string, outcome?: string): string =>
  `${env.FRONTEND_URL.replace(/\/$/, '')}/orgs/${orgId}/settings/billing${outcome ? `?checkout=${outcome}` : ''}`;

export const startCheckout = async (
  deps: Pick<Deps, 'db' | 'env' | 'stripe'>,
  { orgId, input }: { orgId: string; input: CheckoutInput },
): Promise<{ url: string }> => {
  const current = await deps.db.billingAccount.findUnique({ where: { orgId }, select: { subscriptionStatus: true } });
  if (current?.subscriptionStatus && LIVE_STATUSES.has(current.subscriptionStatus)) {
    throw new AppError('CONFLICT', 'This organisation already has a subscription; change it in Manage billing');
  }
  const customerId = await ensureCustomer(deps, { orgId });
  const session = await callStripe(() =>
    deps.stripe.createCheckoutSession({
      customerId,
      orgId,
      priceId: priceIdFor(deps.env, input.plan),
      successUrl: billingPageUrl(deps.env, orgId, 'success'),
      cancelUrl: billingPageUrl(deps.env, orgId, 'canceled'),
    }),
  );
  return { url: session.url };
};

export const openPortal = async (
  deps: Pick<Deps, 'db' | 'env' | 'stripe'>,
  { orgId }: { orgId: string },
): Promise<{ url: string }> => {
  const account = await deps.db.billingAccount.findUnique({ where: { orgId }, select: { stripeCustomerId: true } });
  if (!account) throw new AppError('CONFLICT', 'This organisation has no billing account yet; upgrade first');
  return callStripe(() =>
    deps.stripe.createPortalSession({
      customerId: account.stripeCustomerId,
      returnUrl: billingPageUrl(deps.env, orgId),
    }),
  );
};
