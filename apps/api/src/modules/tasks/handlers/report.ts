import { formatNanoUsd } from '@aiceo/shared/ai';
import { taskStatuses, type TaskStatus } from '@aiceo/shared/tasks';
import { formatCents } from '../../ai/business-facts';
import { aiMessagesPerAnswer, getAiUsage, runAi } from '../../ai/ai.service';
import { gatherOrgFacts, type OrgFacts } from '../../ai/org-context';
import { RetryableTaskError, type TaskHandler, type TaskHandlerDeps } from '../task-handler';
import { spendUsage } from '../../usage/usage.service';
import { actorOf, day } from './handler-support';

const DAY_MS = 86_400_000;
const PERIOD_DAYS = { day: 1, week: 7, month: 30 } as const;
type Period = keyof typeof PERIOD_DAYS;
const PERIOD_WORDS: Record<Period, string> = { day: 'day', week: 'week', month: '30 days' };

type ReportFigures = {
  leads: {
    total: number;
    newInPeriod: number;
    activitiesInPeriod: number;
    byStage: OrgFacts['pipeline']['byStage'];
    openValueCents: number;
    wonValueCents: number;
    stale: number;
  };
  content: { publishedInPeriod: number; scheduled: number; drafts: number; failed: number };
  email: { campaignsSentInPeriod: number; emailsSentInPeriod: number };
  tasks: Record<TaskStatus, number>;
  ai: { calls: number; costNanoUsd: number };
};

/** The org's facts and the period's numbers, read together, each with the org's id in its where. */
const gatherFigures = async (
  deps: TaskHandlerDeps,
  { orgId, from, to }: { orgId: string; from: Date; to: Date },
): Promise<{ facts: OrgFacts; figures: ReportFigures }> => {
  const { db } = deps;
  // Both ends included: what happened at the very moment the report runs belongs to it.
  const range = { gte: from, lte: to };
  const [facts, newLeads, activities, published, campaignsSent, emailsSent, taskGroups, ai] = await Promise.all([
    gatherOrgFacts(deps, { orgId }),
    db.lead.count({ where: { orgId, createdAt: range } }),
    db.leadActivity.count({ where: { orgId, occurredAt: range } }),
    db.contentPost.count({ where: { orgId, status: 'published', publishedAt: range } }),
    db.emailCampaign.count({ where: { orgId, status: 'sent', sentAt: range } }),
    db.campaignRecipient.count({ where: { orgId, status: 'sent', sentAt: range } }),
    db.task.groupBy({ by: ['status'], where: { orgId, createdAt: range }, _count: { _all: true } }),
    // AI usage is kept by UTC day: the report counts the days the period touches.
    getAiUsage(deps, { orgId, from: day(from), to: day(to) }),
  ]);
  const tasks = Object.fromEntries(
    taskStatuses.map((status) => [status, taskGroups.find((g) => g.status === status)?._count._all ?? 0]),
  ) as Record<TaskStatus, number>;
  const figures: ReportFigures = {
    leads: {
      total: facts.pipeline.total,
      newInPeriod: newLeads,
      activitiesInPeriod: activities,
      byStage: facts.pipeline.byStage,
      openValueCents: facts.pipeline.openValueCents,
      wonValueCents: facts.pipeline.wonValueCents,
      stale: facts.pipeline.staleCount,
    },
    content: {
      publishedInPeriod: published,
      scheduled: facts.content.scheduled,
      drafts: facts.content.drafts,
      failed: facts.content.failed,
    },
    email: { campaignsSentInPeriod: campaignsSent, emailsSentInPeriod: emailsSent },
    tasks,
    ai: { calls: ai.totals.calls, costNanoUsd: ai.totals.costNanoUsd },
  };
  return { facts, figures };
};

const figureLines = (f: ReportFigures): string[] => [
  `- Leads: ${f.leads.newInPeriod} new, ${f.leads.activitiesInPeriod} activities logged; ${f.leads.total} in total (${Object.entries(
    f.leads.byStage,
  )
    .map(([stage, n]) => `${stage} ${n}`)
    .join(', ')})`,
  `- Pipeline: ${formatCents(f.leads.openValueCents)} open, ${formatCents(f.leads.wonValueCents)} won, ${f.leads.stale} leads going stale`,
  `- Content: ${f.content.publishedInPeriod} posts published; ${f.content.scheduled} scheduled, ${f.content.drafts} drafts, ${f.content.failed} failed`,
  `- Email: ${f.email.campaignsSentInPeriod} campaigns sent, ${f.email.emailsSentInPeriod} emails delivered`,
  `- Tasks created: ${taskStatuses.map((s) => `${s.toLowerCase().replace('_', ' ')} ${f.tasks[s]}`).join(', ')}`,
  `- AI: ${f.ai.calls} calls, ${formatNanoUsd(f.ai.costNanoUsd)}`,
];

const REPORT_TASK = [
  'Write the business report the owner asked for, as Markdown for an email: three to five short paragraphs or bullet groups.',
  'Say what went well, what needs attention and the two or three things to do next. Use only the figures given; never invent numbers.',
].join(' ');

/** Mails the report to every owner of the org; a failed delivery throws so the task is tried again. */
const emailOwners = async (
  deps: TaskHandlerDeps,
  { orgId, subject, text }: { orgId: string; subject: string; text: string },
): Promise<string[]> => {
  const owners = await deps.db.membership.findMany({
    where: { orgId, role: 'owner' },
    orderBy: { createdAt: 'asc' },
    select: { user: { select: { email: true } } },
  });
  const sentTo: string[] = [];
  for (const { user } of owners) {
    const result = await deps.mailer.send({ to: user.email, subject, text });
    if (result.status === 'failed')
      throw new RetryableTaskError(`Could not email the report to ${user.email}: ${result.error}`);
    sentTo.push(user.email);
  }
  return sentTo;
};

/** A business report over the last day, week or 30 days: exact figures from the data and the AI's summary of them. */
export const runReport: TaskHandler<'report'> = async (deps, run) => {
  const { orgId, input } = run;
  const to = deps.clock.now();
  const from = new Date(to.getTime() - PERIOD_DAYS[input.period] * DAY_MS);
  const { facts, figures } = await gatherFigures(deps, { orgId, from, to });
  const lines = figureLines(figures);
  const summary = await spendUsage(deps, { orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, () =>
    runAi(deps, {
      orgId,
      userId: actorOf(run),
      purpose: 'summary',
      // Worded so that offline mode picks its business summary.
      turns: [
        {
          role: 'user',
          content: `Summarise how the business did over the last ${PERIOD_WORDS[input.period]} for my report.`,
        },
      ],
      task: `${REPORT_TASK}\nFigures from ${from.toISOString()} to ${to.toISOString()}:\n${lines.join('\n')}`,
      facts,
      signal: run.signal,
    }),
  );
  const title = `${facts.org.name}: business report for the last ${PERIOD_WORDS[input.period]}`;
  // A lost lease stops the AI early; its partial answer must not be used.
  run.signal.throwIfAborted();
  const markdown = [
    `# ${title}`,
    '',
    `_${day(from)} to ${day(to)}_`,
    '',
    summary.text.trim(),
    '',
    '## Figures',
    '',
    ...lines,
  ].join('\n');
  const emailedTo = input.emailOwner ? await emailOwners(deps, { orgId, subject: title, text: markdown }) : [];
  return {
    period: input.period,
    from: from.toISOString(),
    to: to.toISOString(),
    markdown,
    figures,
    provider: summary.provider,
    emailedTo,
  };
};
