import { createCampaignInputSchema } from '@aiceo/shared/campaigns';
import { financeRuleInputSchema, type FinanceCategoryKey } from '@aiceo/shared/finance';
import { touchFromUrl } from '@aiceo/shared/attribution';
import { createGoalInputSchema } from '@aiceo/shared/goals';
import { leadInputSchema } from '@aiceo/shared/leads';
import type { Deps } from '../../deps';
import { createMailer } from '../../lib/mailer';
import { createAiGatewayFromEnv } from '../../lib/ai/config';
import { analyzeOrg } from '../agentic/agentic.service';
import { createCampaign } from '../campaigns/campaigns.service';
import { sendCampaign } from '../campaigns/campaign-sending.service';
import { categoryIdByKey, ensureFinanceSetup } from '../finance/finance.service';
import { createRule } from '../finance/rules.service';
import { commitFinanceImport, createFinanceImport } from '../finance-imports/finance-imports.service';
import { createGoal } from '../goals/goals.service';
import { createLead, deleteLead } from '../leads/leads.service';
import { createTask } from '../tasks/tasks.service';
import { acceptWidgetMessage, answerWidgetMessage, startWidgetConversation } from '../widget-chat/widget-chat.service';
import { updateWidgetSettings } from '../widget/widget-settings.service';

const DAY_MS = 24 * 60 * 60 * 1000;

type Options = { orgId: string; ownerId: string; now: Date };

/**
 * The demo's own deps: mail goes only to the outbox (the demo's people and leads are invented, so
 * nothing is handed to an SMTP server even when one is configured), and the AI answers offline
 * (a fresh start spends nothing and waits for no provider).
 */
const demoDeps = (deps: Deps): Deps => {
  const offlineEnv = Object.fromEntries(
    Object.entries(deps.env).map(([key, value]) => [key, key.endsWith('_API_KEY') ? undefined : value]),
  ) as Deps['env'];
  return {
    ...deps,
    mailer: createMailer({ db: deps.db, log: deps.log, from: deps.env.MAIL_FROM, now: () => deps.clock.now() }),
    ai: createAiGatewayFromEnv(offlineEnv),
  };
};

type StatementLine = { date: string; payee: string; memo: string; amount: number };

/** What the studio's account sees in a month, by day of the month; the retainer comes in on the 1st. */
const MONTH: { day: number; payee: string; memo: string; amount: (monthsAgo: number) => number }[] = [
  { day: 1, payee: 'Tanaka Ceramics', memo: 'Retainer invoice', amount: (m) => 4_200 + (6 - m) * 300 },
  { day: 3, payee: 'Harbour Offices Ltd', memo: 'Office rent', amount: () => -2_200 },
  { day: 6, payee: 'Figma', memo: 'Design tools subscription', amount: () => -144 },
  { day: 9, payee: 'Ortega Metalworks', memo: 'Workshop invoice', amount: (m) => 2_600 + (m % 2) * 900 },
  { day: 12, payee: 'Google Workspace', memo: 'Email and documents subscription', amount: () => -90 },
  { day: 16, payee: 'LinkedIn Ads', memo: 'Sponsored posts', amount: (m) => -350 - (m % 3) * 120 },
  { day: 19, payee: 'Weber Glass', memo: 'Catalogue milestone invoice', amount: (m) => 3_100 + (6 - m) * 150 },
  { day: 25, payee: 'Studio Payroll', memo: 'Salaries', amount: () => -5_800 },
  { day: 28, payee: 'First Bank', memo: 'Monthly account fee', amount: () => -25 },
];

/** Six months and this month so far (up to today) of a small studio's bank account, oldest first. */
const statementLines = (now: Date): StatementLine[] => {
  const lines: StatementLine[] = [];
  const today = now.toISOString().slice(0, 10);
  for (let monthsAgo = 6; monthsAgo >= 0; monthsAgo--) {
    for (const entry of MONTH) {
      const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, entry.day))
        .toISOString()
        .slice(0, 10);
      if (date <= today) lines.push({ date, payee: entry.payee, memo: entry.memo, amount: entry.amount(monthsAgo) });
    }
  }
  return lines;
};

const statementCsv = (now: Date): string =>
  [
    'Date,Payee,Memo,Amount',
    ...statementLines(now).map((line) => `${line.date},${line.payee},${line.memo},${line.amount.toFixed(2)}`),
  ].join('\n');

/** Rules as an owner would set them up once; the import then files every row. */
const RULES: {
  name: string;
  condition: { field: 'counterparty' | 'description'; value: string };
  key: FinanceCategoryKey;
}[] = [
  { name: 'Client invoices are services', condition: { field: 'description', value: 'invoice' }, key: 'services' },
  { name: 'Harbour Offices is rent', condition: { field: 'counterparty', value: 'Harbour Offices' }, key: 'rent' },
  { name: 'Salaries are payroll', condition: { field: 'counterparty', value: 'Payroll' }, key: 'payroll' },
  { name: 'Subscriptions are software', condition: { field: 'description', value: 'subscription' }, key: 'software' },
  {
    name: 'LinkedIn Ads is advertising',
    condition: { field: 'counterparty', value: 'LinkedIn Ads' },
    key: 'advertising',
  },
  { name: 'Account fees are bank fees', condition: { field: 'description', value: 'account fee' }, key: 'bank_fees' },
];

/** Money: categorising rules, then a bank statement imported through the real import (preview, then commit). */
const seedMoney = async (deps: Deps, { orgId, ownerId, now }: Options) => {
  await ensureFinanceSetup(deps, { orgId });
  for (const rule of RULES) {
    const categoryId = await categoryIdByKey(deps, { orgId, key: rule.key });
    await createRule(deps, {
      orgId,
      input: financeRuleInputSchema.parse({
        name: rule.name,
        conditions: [{ ...rule.condition, op: 'contains' }],
        actions: { categoryId },
        stopHere: true,
      }),
    });
  }
  const upload = await createFinanceImport(deps, {
    orgId,
    createdById: ownerId,
    fileName: 'first-bank-last-6-months.csv',
    contentBase64: Buffer.from(statementCsv(now)).toString('base64'),
  });
  await commitFinanceImport(deps, { orgId, importId: upload.id, input: {}, userId: ownerId });
};

/** A campaign sent through the real send path: each mail written to the outbox, each recipient marked sent. */
const seedCampaign = async (deps: Deps, { orgId, ownerId }: Options) => {
  const campaign = await createCampaign(deps, {
    orgId,
    createdBy: ownerId,
    input: createCampaignInputSchema.parse({
      name: 'Proposal follow-up',
      subject: 'Your online catalogue: next steps',
      body: 'Hi {{firstName}},\n\nThanks for looking at our proposal for {{company}}. Shall we book 20 minutes this week to settle the open questions?\n\nBest,\nDemo Company',
      audience: { stage: 'proposal' },
    }),
  });
  await sendCampaign(deps, { orgId, campaignId: campaign.id, actorId: ownerId });
};

/** Goals: one planned in steps, one measured by a live number (revenue this month). */
const seedGoals = async (deps: Deps, { orgId, ownerId, now }: Options) => {
  const inDays = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  await createGoal(deps, {
    orgId,
    userId: ownerId,
    input: createGoalInputSchema.parse({
      title: 'Sign 3 new retainer clients this quarter',
      description: 'Manufacturers with an online catalogue to build; at least $1,500 a month each.',
      targetDate: inDays(45),
    }),
  });
  await createGoal(deps, {
    orgId,
    userId: ownerId,
    input: createGoalInputSchema.parse({
      title: 'Reach $12,000 revenue this month',
      metric: 'revenue',
      target: 1_200_000,
      targetDate: inDays(25),
    }),
  });
};

/**
 * Tasks the owner asked for: a weekly report (it runs and is mailed to the outbox) and a follow-up
 * with a lead who was then deleted as a duplicate (it fails, saying so, when it runs).
 */
const seedTasks = async (deps: Deps, { orgId, ownerId }: Options) => {
  await createTask(deps, {
    orgId,
    origin: 'user',
    createdById: ownerId,
    input: { type: 'report', input: { period: 'week', emailOwner: false } },
  });
  const duplicate = await createLead(deps, {
    orgId,
    input: leadInputSchema.parse({
      name: 'Kim Ross',
      email: 'kim.ross@example.com',
      company: 'Ross Print',
      source: 'Website',
      ownerId,
    }),
  });
  await createTask(deps, {
    orgId,
    origin: 'user',
    createdById: ownerId,
    input: { type: 'lead_followup', input: { leadId: duplicate.id, sendEmail: false } },
  });
  await deleteLead(deps, { orgId, leadId: duplicate.id });
};

/**
 * The website chat, switched on for a site on localhost, and one visitor who came from a LinkedIn
 * post's link and talked with the (offline) sales rep until they qualified: through the same
 * services the public widget API calls, so the lead, its source and its first touch are real.
 */
const seedWebsiteChat = async (deps: Deps, { orgId, ownerId }: Options) => {
  const domains = ['localhost'];
  const widget = await updateWidgetSettings(deps, {
    orgId,
    userId: ownerId,
    input: {
      enabled: true,
      domains,
      greeting: 'Hi! Planning an online catalogue or shop? Ask me anything.',
      offer: {
        services: 'Online catalogues and B2B shops for manufacturers, with hosting and maintenance.',
        prices: 'Projects start at $4,000; maintenance from $200 a month.',
        hours: 'Monday to Friday, 9:00 to 17:00.',
        faq: [{ question: 'How long does a catalogue take?', answer: 'Most launch within 6 to 8 weeks.' }],
      },
    },
  });
  const site = { orgId, domains };
  const pageUrl =
    'http://localhost/catalogues?utm_source=linkedin&utm_medium=social&utm_campaign=online-catalogues-that-sell';
  const started = await startWidgetConversation(deps, {
    site,
    input: { key: widget.publicKey, pageUrl, touch: touchFromUrl(pageUrl, 'https://www.linkedin.com/') },
    ip: 'demo',
  });
  const { conversationId, visitorToken } = started;
  for (const text of [
    'Hi, we need an online catalogue for our 400 spare parts. How long does a catalogue take?',
    "I'm Nora Webb from Webb Hydraulics, nora@webb-hydraulics.example. Budget about $6,000, and we want it within 3 months.",
  ]) {
    const accepted = await acceptWidgetMessage(deps, {
      site,
      conversationId,
      visitorToken,
      input: { key: widget.publicKey, visitorToken, text, pageUrl },
    });
    await answerWidgetMessage(deps, accepted);
  }
};

/**
 * What the demo shows beyond people and the pipeline, made through each feature's own services so
 * every record is what the product itself would have written: money with a committed statement,
 * a sent campaign, goals with steps, tasks, a website chat that became a lead, the engine's insights (and the approvals its work asks
 * for), run once now.
 */
export const seedDemoFeatures = async (deps: Deps, options: Options): Promise<void> => {
  const demo = demoDeps(deps);
  await seedMoney(demo, options);
  await seedCampaign(demo, options);
  await seedGoals(demo, options);
  await seedTasks(demo, options);
  await seedWebsiteChat(demo, options);
  // The engine looked at the business a little while ago, so the follow-ups it queued (after the
  // undo window) are due now and, when tasks run, wait in the approval inbox.
  const lookedAt = new Date(options.now.getTime() - (deps.env.AGENTIC_UNDO_MINUTES + 5) * 60_000);
  await analyzeOrg(
    { ...demo, clock: { now: () => lookedAt } },
    { orgId: options.orgId, trigger: 'manual', triggeredById: options.ownerId },
  );
};
