import type { AiSettings } from '@aiceo/shared/ai';
import { formatNanoUsd } from '@aiceo/shared/ai';
import type { MoneySnapshot } from '@aiceo/shared/finance-reports';
import { monthKey, planDefinitions, usageResourceLabels, type Plan } from '@aiceo/shared/plans';
import { hasRole, type OrgRole } from '@aiceo/shared/roles';
import type { Usage } from '@aiceo/shared/usage';
import type { Deps } from '../../deps';
import { notFound } from '../../http/app-error';
import { estimateTokens } from '../../lib/ai/provider';
import { moneySnapshot } from '../finance-reports/finance-reports.service';
import { getUsage } from '../usage/usage.service';
import { getAiSettings } from './ai-settings.service';
import {
  describeLastActivity,
  formatCents,
  gatherBusinessFacts,
  moneyLines,
  STALE_LEAD_DAYS,
  type BusinessFacts,
} from './business-facts';

/**
 * The books as the AI CEO may tell them: `hidden` when the person it answers may not see finance
 * (finance is admin+), else the reports' snapshot (no transactions yet: transactionCount 0).
 */
export type MoneyView = { access: 'hidden' } | { access: 'shown'; snapshot: MoneySnapshot };

/**
 * Whom the answer is for. A person is looked up in the org and sees the money only as an admin or
 * owner; without a viewer (background work whose output members may read) there is no money.
 */
export type ContextViewer = { userId: string };

/**
 * What the AI CEO knows about one organisation right now. Every value is read with the org's
 * id in the `where`, so nothing of another organisation can reach a prompt. Later features
 * (leads, tasks, posts, money) add their own facts and sections here.
 */
export type OrgFacts = {
  now: Date;
  org: { name: string; plan: Plan; createdAt: Date };
  team: { total: number; byRole: Record<OrgRole, number>; people: { name: string; role: OrgRole }[] };
  usage: Usage;
  creditBalance: number;
  aiSpendThisMonthNanoUsd: number;
  aiMessagesThisMonth: number;
  settings: AiSettings;
  money: MoneyView;
} & BusinessFacts;

const PEOPLE_LISTED = 20;

/** True when the viewer is an admin or owner of the org (read now, so a demotion counts at once). */
const viewerSeesMoney = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, viewer }: { orgId: string; viewer: ContextViewer | undefined },
): Promise<boolean> => {
  if (!viewer) return false;
  const membership = await db.membership.findFirst({
    where: { orgId, userId: viewer.userId },
    select: { role: true },
  });
  return membership !== null && hasRole(membership.role, 'admin');
};

export const gatherOrgFacts = async (
  deps: Pick<Deps, 'db' | 'database' | 'clock'>,
  { orgId, viewer }: { orgId: string; viewer?: ContextViewer },
): Promise<OrgFacts> => {
  const { db, clock } = deps;
  const now = clock.now();
  const monthStart = new Date(`${monthKey(now)}-01T00:00:00.000Z`);
  const seesMoney = await viewerSeesMoney(deps, { orgId, viewer });
  const [org, roleCounts, people, usage, wallet, spend, settings, business, snapshot] = await Promise.all([
    db.organization.findUnique({ where: { id: orgId }, select: { name: true, plan: true, createdAt: true } }),
    db.membership.groupBy({ by: ['role'], where: { orgId }, _count: { _all: true } }),
    db.membership.findMany({
      where: { orgId },
      select: { role: true, user: { select: { name: true } } },
      // OrgRole is declared owner, admin, member: owners first.
      orderBy: [{ role: 'asc' }, { createdAt: 'asc' }],
      take: PEOPLE_LISTED,
    }),
    getUsage(deps, { orgId }),
    db.creditWallet.findUnique({ where: { orgId }, select: { balance: true } }),
    db.aiCall.aggregate({ where: { orgId, createdAt: { gte: monthStart } }, _sum: { costNanoUsd: true } }),
    getAiSettings(deps, { orgId }),
    gatherBusinessFacts(deps, { orgId, now, monthStart, withFinanceInsights: seesMoney }),
    seesMoney ? moneySnapshot(deps, { orgId }) : null,
  ]);
  if (!org) throw notFound('Organisation');
  const byRole: Record<OrgRole, number> = { owner: 0, admin: 0, member: 0 };
  for (const row of roleCounts) byRole[row.role] = row._count._all;
  return {
    now,
    org,
    team: {
      total: byRole.owner + byRole.admin + byRole.member,
      byRole,
      people: people.map((p) => ({ name: p.user.name, role: p.role })),
    },
    usage,
    creditBalance: wallet?.balance ?? 0,
    aiSpendThisMonthNanoUsd: Number(spend._sum.costNanoUsd ?? 0n),
    aiMessagesThisMonth: usage.resources.find((r) => r.resource === 'aiMessages')?.used ?? 0,
    settings,
    money: snapshot ? { access: 'shown', snapshot } : { access: 'hidden' },
    ...business,
  };
};

type Section = { title: string; lines: string[] };

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The facts as prompt sections, most important first. */
export const contextSections = (facts: OrgFacts): Section[] => {
  const { org, team, usage, settings } = facts;
  const plan = planDefinitions[org.plan];
  return [
    {
      title: 'Organisation',
      lines: [
        `Name: ${org.name}`,
        ...(settings.industry ? [`Industry: ${settings.industry}`] : []),
        ...(settings.companyDescription ? [`What it does: ${settings.companyDescription}`] : []),
        `Customer since: ${org.createdAt.toISOString().slice(0, 10)}`,
      ],
    },
    {
      title: 'Goals',
      lines: settings.goals.length > 0 ? settings.goals.map((goal, i) => `${i + 1}. ${goal}`) : ['No goals set yet.'],
    },
    // Only when the viewer may see finance (admin+); a member's context has no money figures.
    ...(facts.money.access === 'shown'
      ? [{ title: `Money (books in ${facts.money.snapshot.currency})`, lines: moneyLines(facts.money.snapshot) }]
      : []),
    {
      title: 'Plan and usage this month',
      lines: [
        `Plan: ${plan.name} (${plan.priceCents === 0 ? 'free' : `$${(plan.priceCents / 100).toFixed(2)} a month`}); counters reset ${usage.resetsAt.slice(0, 10)}`,
        ...usage.resources.map(
          (r) => `${usageResourceLabels[r.resource].other}: ${r.used} of ${r.limit} used, ${r.remaining} left`,
        ),
        `Credits balance: ${facts.creditBalance}`,
        `AI spend this month: ${formatNanoUsd(facts.aiSpendThisMonthNanoUsd)}`,
      ],
    },
    {
      title: 'Sales pipeline',
      lines:
        facts.pipeline.total === 0
          ? ['No leads in the CRM yet.']
          : [
              `${plural(facts.pipeline.total, 'lead')}: ${Object.entries(facts.pipeline.byStage)
                .map(([stage, n]) => `${stage} ${n}`)
                .join(', ')}`,
              `Open pipeline value: ${formatCents(facts.pipeline.openValueCents)}; won: ${formatCents(facts.pipeline.wonValueCents)}`,
              `Stale (open, no activity for ${STALE_LEAD_DAYS}+ days): ${facts.pipeline.staleCount}`,
              ...facts.pipeline.stale.map(
                (lead) =>
                  `- ${lead.name}${lead.company ? ` (${lead.company})` : ''}, ${lead.stage}, quiet ${lead.daysQuiet} days, ${describeLastActivity(lead)}`,
              ),
            ],
    },
    {
      title: 'Content and email',
      lines: [
        `Posts: ${facts.content.publishedThisMonth} published this month, ${facts.content.scheduled} scheduled, ${facts.content.drafts} drafts, ${facts.content.failed} failed`,
        ...(facts.content.nextScheduled
          ? [
              `Next post: "${facts.content.nextScheduled.title}" on ${facts.content.nextScheduled.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
            ]
          : []),
        facts.email.lastCampaign
          ? `Email campaigns sent: ${facts.email.campaignsSent}; last "${facts.email.lastCampaign.name}" on ${facts.email.lastCampaign.sentAt.toISOString().slice(0, 10)} to ${facts.email.lastCampaign.sent}`
          : 'No email campaign sent yet.',
      ],
    },
    {
      title: 'Autonomous work',
      lines: [
        `Tasks: ${Object.entries(facts.work.tasks)
          .map(([status, n]) => `${status.toLowerCase().replace('_', ' ')} ${n}`)
          .join(', ')}`,
        ...facts.work.recentFailures.map((task) => `- failed: "${task.title}": ${task.error.slice(0, 120)}`),
        ...(facts.work.goals.length === 0
          ? ['No tracked goals.']
          : facts.work.goals.map(
              (goal) =>
                `- goal "${goal.title}": ${goal.progress.completed} of ${goal.progress.total} steps done (${goal.progress.percent}%)${goal.targetDate ? `, due ${goal.targetDate.toISOString().slice(0, 10)}` : ''}`,
            )),
        ...facts.work.openInsights.map(
          (insight) => `- open insight (${Math.round(insight.confidence * 100)}%): ${insight.title}`,
        ),
      ],
    },
    {
      title: 'Team',
      lines: [
        `${plural(team.total, 'member')}: ${team.byRole.owner} owner, ${plural(team.byRole.admin, 'admin')}, ${team.byRole.member} other`,
        ...team.people.map((p) => `- ${p.name} (${p.role})`),
        ...(team.total > team.people.length ? [`- and ${team.total - team.people.length} more`] : []),
      ],
    },
  ];
};

export type RenderedContext = {
  text: string;
  tokens: number;
  budget: number;
  sections: { title: string; included: boolean }[];
};

/**
 * Fits the sections into a token budget: whole sections in order while they fit; a section
 * that does not fit keeps as many of its lines as fit and says how many it left out.
 */
export const renderOrgContext = (facts: OrgFacts, budget: number): RenderedContext => {
  const parts: string[] = [];
  const included: RenderedContext['sections'] = [];
  let used = 0;
  for (const section of contextSections(facts)) {
    const heading = `## ${section.title}`;
    const whole = [heading, ...section.lines].join('\n');
    if (used + estimateTokens(whole) <= budget) {
      parts.push(whole);
      used += estimateTokens(whole) + 1;
      included.push({ title: section.title, included: true });
      continue;
    }
    const kept: string[] = [heading];
    for (const line of section.lines) {
      const next = [...kept, line, `(${section.lines.length} more left out)`].join('\n');
      if (used + estimateTokens(next) > budget) break;
      kept.push(line);
    }
    const left = section.lines.length - (kept.length - 1);
    if (kept.length > 1) {
      const partial = [...kept, `(${left} more left out)`].join('\n');
      parts.push(partial);
      used += estimateTokens(partial) + 1;
    }
    included.push({ title: section.title, included: kept.length > 1 });
  }
  const text = parts.join('\n\n');
  return { text, tokens: estimateTokens(text), budget, sections: included };
};
