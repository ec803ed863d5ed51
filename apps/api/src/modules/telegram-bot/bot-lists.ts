import type { Task } from '@aiceo/shared/tasks';
import type { Deps } from '../../deps';
import { clip } from '../../lib/text';
import { listInsights } from '../agentic/agentic.service';
import { countPendingApprovals, listApprovals } from '../approvals/approvals.service';
import { listTasks } from '../tasks/tasks.service';
import { escapeTelegramHtml, sendToChat } from '../telegram/telegram-api';
import type { BotReply, LinkedChat } from '../telegram/telegram-context';
import { approvalReply, mayDecide } from './approval-buttons';
import { appUrl } from './bot-format';

const e = escapeTelegramHtml;
const link = (href: string, words: string) => `<a href="${e(href).replace(/"/g, '&quot;')}">${e(words)}</a>`;
const RECENT = 3;
const ACTIVE = 10;
const INSIGHTS = 8;
/** Approval items sent as their own messages by /approvals; the rest are counted. */
export const APPROVALS_SHOWN = 5;

const taskLine = (task: Task) => `• ${e(clip(task.title, 120))}`;

/** /tasks: running and queued tasks, the last few completed and failed (with why), and the tasks page. */
export const tasksReply = async (deps: Pick<Deps, 'db' | 'env'>, linked: LinkedChat): Promise<BotReply> => {
  const { orgId } = linked;
  const page = (status: Task['status'][], limit: number) => listTasks(deps, { orgId, query: { status, limit } });
  const [running, queued, completed, failed] = await Promise.all([
    page(['IN_PROGRESS'], ACTIVE),
    page(['PENDING'], ACTIVE),
    page(['COMPLETED'], RECENT),
    page(['FAILED'], RECENT),
  ]);
  const section = (heading: string, items: Task[], more: boolean, line = taskLine) =>
    items.length === 0 ? [] : ['', `<b>${heading}</b>`, ...items.map(line), ...(more ? ['• and more in the app'] : [])];
  const nothing = [running, queued, completed, failed].every((p) => p.items.length === 0);
  return {
    html: true,
    text: [
      '<b>Tasks</b>',
      ...(nothing ? ['', 'No tasks yet.'] : []),
      ...section('Running', running.items, running.nextCursor !== null),
      ...section('Queued', queued.items, queued.nextCursor !== null),
      ...section('Recently completed', completed.items, false),
      ...section(
        'Recently failed',
        failed.items,
        false,
        (task) => `• ${e(clip(task.title, 120))}: ${e(clip(task.error ?? 'no reason given', 200))}`,
      ),
      '',
      link(appUrl(deps.env.FRONTEND_URL, orgId, 'tasks'), 'Open the tasks page'),
    ].join('\n'),
  };
};

/** /insights: open insights with their short why, and the insights page (finance insights for owners and admins only). */
export const insightsReply = async (deps: Pick<Deps, 'db' | 'env'>, linked: LinkedChat): Promise<BotReply> => {
  const { orgId } = linked;
  const page = await listInsights(deps, { orgId, role: linked.role, query: { status: 'open', limit: INSIGHTS } });
  return {
    html: true,
    text: [
      '<b>Open insights</b>',
      '',
      ...(page.items.length === 0
        ? ['No open insights right now.']
        : page.items.flatMap((insight) => [
            `• <b>${e(clip(insight.title, 150))}</b>`,
            `  ${e(clip(insight.reason, 220))}`,
          ])),
      ...(page.nextCursor !== null ? ['• and more in the app'] : []),
      '',
      link(appUrl(deps.env.FRONTEND_URL, orgId, 'insights'), 'Open the insights page'),
    ].join('\n'),
  };
};

/** /approvals: each pending item as its own message with buttons (at most APPROVALS_SHOWN), then how many more. */
export const sendApprovals = async (deps: Deps, linked: LinkedChat): Promise<void> => {
  const { orgId, chatId } = linked;
  const [page, count] = await Promise.all([
    listApprovals(deps, { orgId, query: { status: 'pending', limit: APPROVALS_SHOWN } }),
    countPendingApprovals(deps, { orgId }),
  ]);
  const pending = page.items.filter((item) => item.status === 'pending');
  if (pending.length === 0) {
    await sendToChat(deps, { orgId, chatId, reply: { text: 'Nothing is waiting for your approval.' }, kind: 'reply' });
    return;
  }
  const decides = mayDecide(linked);
  if (!decides)
    await sendToChat(deps, {
      orgId,
      chatId,
      reply: { text: 'These wait for an owner or admin to decide (you can read them, not decide them).' },
      kind: 'reply',
    });
  for (const item of pending) {
    const reply = await approvalReply(deps, { orgId, approvalId: item.id });
    if (!reply) continue;
    await sendToChat(deps, {
      orgId,
      chatId,
      reply: decides ? reply : { text: reply.text, html: reply.html ?? false },
      kind: 'approval',
    });
  }
  const more = count.pending - pending.length;
  if (more > 0)
    await sendToChat(deps, {
      orgId,
      chatId,
      reply: {
        html: true,
        text: `And ${more} more in the app: ${link(appUrl(deps.env.FRONTEND_URL, orgId, 'approvals'), 'open the approval inbox')}`,
      },
      kind: 'reply',
    });
};
