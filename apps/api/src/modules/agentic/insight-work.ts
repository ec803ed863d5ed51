import type { InsightStatus, InsightWork } from '@aiceo/shared/agentic';
import type { TaskStatus, TaskType } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';

type Db = Deps['db'] | Prisma.TransactionClient;

/** Where an insight's own work stands, and whether undo would still stop something. */
export type WorkStanding = { work: InsightWork; undoable: boolean };

const emptyWork = (): InsightWork => ({
  state: 'none',
  queued: 0,
  running: 0,
  done: 0,
  failed: 0,
  cancelled: 0,
  awaitingApproval: 0,
});

const stateOf = (work: InsightWork): InsightWork['state'] => {
  if (work.running > 0) return 'running';
  if (work.queued > 0) return 'queued';
  if (work.awaitingApproval > 0) return 'waiting_approval';
  if (work.done + work.failed > 0) return 'done';
  if (work.cancelled > 0) return 'stopped';
  return 'none';
};

const taskCounter: Record<TaskStatus, keyof Omit<InsightWork, 'state' | 'awaitingApproval'>> = {
  PENDING: 'queued',
  IN_PROGRESS: 'running',
  COMPLETED: 'done',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

/**
 * The work of a page of insights from the database: its tasks grouped by status, and its approval
 * items still in play (an approved item runs through its own execution task). Two or three queries
 * per page, whatever its size.
 */
export const loadWork = async (
  { db }: { db: Db },
  { orgId, insights }: { orgId: string; insights: { id: string; status: InsightStatus }[] },
): Promise<Map<string, WorkStanding>> => {
  const ids = insights.map((insight) => insight.id);
  if (ids.length === 0) return new Map();
  const [groups, items] = await Promise.all([
    db.task.groupBy({
      by: ['insightId', 'status'],
      where: { orgId, insightId: { in: ids } },
      _count: { _all: true },
    }),
    db.approvalItem.findMany({
      where: { orgId, insightId: { in: ids }, status: { in: ['pending', 'approved', 'failed'] } },
      select: { insightId: true, status: true, executionTaskId: true },
    }),
  ]);
  const executionIds = items.flatMap((item) =>
    item.status === 'approved' && item.executionTaskId ? [item.executionTaskId] : [],
  );
  const executions =
    executionIds.length === 0
      ? []
      : await db.task.findMany({ where: { orgId, id: { in: executionIds } }, select: { id: true, status: true } });
  const executionStatus = new Map(executions.map((task) => [task.id, task.status]));

  const works = new Map(ids.map((id) => [id, { work: emptyWork(), stoppable: 0 }]));
  for (const group of groups) {
    const entry = group.insightId ? works.get(group.insightId) : undefined;
    if (!entry) continue;
    entry.work[taskCounter[group.status]] += group._count._all;
    if (group.status === 'PENDING') entry.stoppable += group._count._all;
  }
  for (const item of items) {
    const entry = item.insightId ? works.get(item.insightId) : undefined;
    if (!entry) continue;
    if (item.status === 'pending') {
      entry.work.awaitingApproval += 1;
      entry.stoppable += 1;
    } else if (item.status === 'failed') {
      entry.work.failed += 1;
    } else {
      const execution = item.executionTaskId ? executionStatus.get(item.executionTaskId) : undefined;
      if (execution === 'IN_PROGRESS') entry.work.running += 1;
      else if (execution === undefined || execution === 'PENDING') {
        entry.work.queued += 1;
        entry.stoppable += 1;
      }
    }
  }
  const statusOf = new Map(insights.map((insight) => [insight.id, insight.status]));
  return new Map(
    [...works].map(([id, { work, stoppable }]) => {
      const status = statusOf.get(id);
      const live = status === 'open' || status === 'accepted';
      return [id, { work: { ...work, state: stateOf(work) }, undoable: live && stoppable > 0 }];
    }),
  );
};

const nouns: Record<TaskType, [string, string]> = {
  lead_followup: ['follow-up', 'follow-ups'],
  social_media_post: ['post', 'posts'],
  email_campaign: ['campaign', 'campaigns'],
  goal_step: ['catch-up step', 'catch-up steps'],
  report: ['report', 'reports'],
  approved_action: ['approved action', 'approved actions'],
};

type Named = { type: TaskType; title: string };

/** Tasks in the order of the insight's actions (they share a creation time), the rest after. */
const inActionOrder = <T extends { id: string }>(tasks: T[], order: string[]): T[] => {
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index === -1 ? order.length : index;
  };
  return [...tasks].sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
};

/** "2 follow-ups (Follow up with Dana, Follow up with Sam) and 1 post (LinkedIn post for 2026-W49)". */
export const describeTasks = (tasks: Named[]): string => {
  const byType = new Map<TaskType, string[]>();
  for (const task of tasks) byType.set(task.type, [...(byType.get(task.type) ?? []), task.title]);
  const parts = [...byType].map(([type, titles]) => {
    const [one, many] = nouns[type];
    const shown = titles.slice(0, 5).join(', ') + (titles.length > 5 ? ` and ${titles.length - 5} more` : '');
    return `${titles.length} ${titles.length === 1 ? one : many} (${shown})`;
  });
  return parts.join(' and ');
};

const ranWords: Partial<Record<TaskStatus, string>> = {
  IN_PROGRESS: 'already running',
  COMPLETED: 'had already run',
  FAILED: 'had already failed',
};

/** What of the insight's work already ran, in words ("1 follow-up (Follow up with Dana) had already run"); '' when nothing did. */
export const describeRan = async (
  { db }: { db: Db },
  { orgId, insightId, order }: { orgId: string; insightId: string; order: string[] },
): Promise<string> => {
  const [rows, sent] = await Promise.all([
    db.task.findMany({
      where: { orgId, insightId, status: { in: ['IN_PROGRESS', 'COMPLETED', 'FAILED'] } },
      select: { id: true, type: true, title: true, status: true },
    }),
    db.approvalItem.count({ where: { orgId, insightId, status: 'executed' } }),
  ]);
  const tasks = inActionOrder(rows, order);
  const parts = (['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const).flatMap((status) => {
    const these = tasks.filter((task) => task.status === status);
    if (these.length === 0) return [];
    const verb = status === 'IN_PROGRESS' ? (these.length === 1 ? 'was ' : 'were ') : '';
    return [`${describeTasks(these)} ${verb}${ranWords[status] ?? ''}`];
  });
  if (sent > 0) parts.push(`${sent} approved ${sent === 1 ? 'action' : 'actions'} had already been carried out`);
  return parts.join('; ');
};

/**
 * Cancels what the insight queued and has not started: its PENDING tasks, its items waiting in
 * the approval inbox, and approved items whose execution has not started. Each update is
 * conditional on the state it leaves, so work a worker claimed meanwhile is left alone.
 */
export const cancelQueuedWork = async (
  db: Db,
  {
    orgId,
    insightId,
    now,
    error,
    order,
  }: { orgId: string; insightId: string; now: Date; error: string; order: string[] },
): Promise<{ tasks: Named[]; items: { title: string }[] }> => {
  const cancelled = await db.task.updateManyAndReturn({
    where: { orgId, insightId, status: 'PENDING' },
    data: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
    select: { id: true, type: true, title: true },
  });
  const items = await db.approvalItem.findMany({
    where: { orgId, insightId, status: { in: ['pending', 'approved'] } },
    select: { id: true, status: true, executionTaskId: true },
  });
  const executionIds = items.flatMap((item) =>
    item.status === 'approved' && item.executionTaskId ? [item.executionTaskId] : [],
  );
  const stopped =
    executionIds.length === 0
      ? []
      : await db.task.updateManyAndReturn({
          where: { orgId, id: { in: executionIds }, status: 'PENDING' },
          data: { status: 'CANCELLED', finishedAt: now, updatedAt: now },
          select: { id: true },
        });
  const stoppedIds = new Set(stopped.map((task) => task.id));
  const stoppable = items.filter(
    (item) => item.status === 'pending' || !item.executionTaskId || stoppedIds.has(item.executionTaskId),
  );
  const cancelledItems =
    stoppable.length === 0
      ? []
      : await db.approvalItem.updateManyAndReturn({
          where: { orgId, id: { in: stoppable.map((item) => item.id) }, status: { in: ['pending', 'approved'] } },
          data: { status: 'cancelled', error, updatedAt: now },
          select: { title: true },
        });
  return { tasks: inActionOrder(cancelled, order), items: cancelledItems };
};

/** "Cancelled 2 follow-ups (…) that had not started and 1 item waiting for approval (…)"; null when nothing was cancelled. */
export const describeCancelled = ({ tasks, items }: { tasks: Named[]; items: { title: string }[] }): string | null => {
  const parts = [
    ...(tasks.length > 0 ? [`${describeTasks(tasks)} that had not started`] : []),
    ...(items.length > 0
      ? [
          `${items.length} ${items.length === 1 ? 'item' : 'items'} of the approval inbox (${items
            .slice(0, 5)
            .map((item) => item.title)
            .join(', ')})`,
        ]
      : []),
  ];
  return parts.length === 0 ? null : `Cancelled ${parts.join(' and ')}`;
};
