import { z } from 'zod';

/** Plans from smallest to largest; an upgrade moves one step right. */
export const plans = ['free', 'pro', 'enterprise'] as const;
export type Plan = (typeof plans)[number];
export const planSchema = z.enum(plans);

/** Resources a plan limits per calendar month (UTC). */
export const usageResources = ['tasks', 'posts', 'emails', 'aiMessages'] as const;
export type UsageResource = (typeof usageResources)[number];
export const usageResourceSchema = z.enum(usageResources);

export type PlanDefinition = {
  name: string;
  /** Price per month in minor units of `currency`; 0 for free. */
  priceCents: number;
  /** What we bill in: always USD. */
  currency: 'USD';
  pitch: string;
  /** Units per calendar month. A campaign counts as one email however many recipients it has. */
  limits: Record<UsageResource, number>;
  /** The most recipients one email campaign may go to. */
  maxCampaignRecipients: number;
};

/** The one definition of every plan: the API enforces these limits and the SPA shows them. */
export const planDefinitions: Record<Plan, PlanDefinition> = {
  free: {
    name: 'Free',
    priceCents: 0,
    currency: 'USD',
    pitch: 'Try your AI CEO on a small team.',
    limits: { tasks: 10, posts: 5, emails: 3, aiMessages: 50 },
    maxCampaignRecipients: 100,
  },
  pro: {
    name: 'Pro',
    priceCents: 2_900,
    currency: 'USD',
    pitch: 'For a growing business that runs on its AI CEO every day.',
    limits: { tasks: 100, posts: 50, emails: 25, aiMessages: 1_000 },
    maxCampaignRecipients: 2_500,
  },
  enterprise: {
    name: 'Enterprise',
    priceCents: 29_900,
    currency: 'USD',
    pitch: 'For organisations that delegate at scale.',
    limits: { tasks: 1_000, posts: 500, emails: 250, aiMessages: 10_000 },
    maxCampaignRecipients: 25_000,
  },
};

/** Human labels for resources, singular and plural ("1 task", "3 AI messages"). */
export const usageResourceLabels: Record<UsageResource, { one: string; other: string }> = {
  tasks: { one: 'task', other: 'tasks' },
  posts: { one: 'post', other: 'posts' },
  emails: { one: 'email', other: 'emails' },
  aiMessages: { one: 'AI message', other: 'AI messages' },
};

/** Monthly limit of a resource on a plan. */
export const limitFor = (plan: Plan, resource: UsageResource): number => planDefinitions[plan].limits[resource];

/** The most recipients one email campaign may go to on a plan. */
export const campaignRecipientCapFor = (plan: Plan): number => planDefinitions[plan].maxCampaignRecipients;

const thousands = (n: number): string => n.toLocaleString('en-US');

/** "Up to 2,500 recipients per campaign": the cap as the plan lists it. */
export const campaignRecipientCapText = (plan: Plan): string =>
  `Up to ${thousands(campaignRecipientCapFor(plan))} recipients per campaign`;

/**
 * Why a campaign is too large for the plan, in the words the API answers and the SPA shows before
 * sending: "This campaign has 3,412 recipients; the Pro plan sends to at most 2,500 per campaign. ..."
 */
export const campaignTooLargeMessage = (plan: Plan, recipients: number): string => {
  const upgrade = nextPlan(plan) ? ' or upgrade' : '';
  return (
    `This campaign has ${thousands(recipients)} ${recipients === 1 ? 'recipient' : 'recipients'}; ` +
    `the ${planDefinitions[plan].name} plan sends to at most ${thousands(campaignRecipientCapFor(plan))} per campaign. ` +
    `Narrow the audience${upgrade}.`
  );
};

/** The next plan up, or null on the largest. */
export const nextPlan = (plan: Plan): Plan | null => plans[plans.indexOf(plan) + 1] ?? null;

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The calendar month (UTC) a date falls in, as 'YYYY-MM': the key usage is counted under. */
export const monthKey = (date: Date): string => `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}`;

/** Midnight UTC on the first day of the month after `date`: when usage resets. */
export const nextMonthStart = (date: Date): Date =>
  new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
