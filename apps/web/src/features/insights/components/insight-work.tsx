import { Link } from 'react-router';
import type { Insight } from '@aiceo/shared/agentic';
import { useRelativeTime } from '@/utils/relative-time';
import { countApprovals, countTasks, workStateLabels } from '../format';

type InsightWorkProps = {
  insight: Insight;
  /** When the first of its queued tasks may start (null: unknown yet). */
  firstRunAt: string | null;
  /** The approval inbox. */
  approvalsHref: string;
};

const verb = (count: number, one: string, many: string) => (count === 1 ? one : many);

/** "Queued: 2 follow-ups start in 8 minutes": the start of the first queued task, ticking. */
const QueuedText = ({ insight, firstRunAt }: Pick<InsightWorkProps, 'insight' | 'firstRunAt'>) => {
  const { queued, done } = insight.work;
  const when = useRelativeTime(firstRunAt);
  const what = countTasks(queued, insight.actions);
  // Unknown until the tasks are loaded: say no more than that they wait.
  const start =
    firstRunAt === null
      ? `${what} ${verb(queued, 'waits', 'wait')} to start`
      : `${what} ${verb(queued, 'starts', 'start')} ${when.startsWith('in ') ? when : 'any moment now'}`;
  return (
    <>
      {start}
      {done > 0 ? `; ${done} already ran` : ''}. Until then {verb(queued, 'it', 'they')} can still be cancelled.
    </>
  );
};

const doneText = ({ work, actions }: Insight): string => {
  const parts = [`${countTasks(work.done, actions)} ran`];
  if (work.failed > 0) parts.push(`${work.failed} failed`);
  if (work.cancelled > 0) parts.push(`${work.cancelled} cancelled`);
  return `${parts.join(', ')}.`;
};

const stoppedText = ({ work, actions }: Insight): string =>
  work.cancelled > 0
    ? `${countTasks(work.cancelled, actions)} cancelled before ${verb(work.cancelled, 'it', 'they')} started${
        work.done > 0 ? `; ${work.done} had already run` : ''
      }.`
    : 'Nothing ran.';

/** Where the insight's own work stands now, in words: never more than is true. */
export const InsightWork = ({ insight, firstRunAt, approvalsHref }: InsightWorkProps) => {
  const { work } = insight;
  if (work.state === 'none') return null;
  return (
    <p className="insight-work" data-testid="insight-work" data-work-state={work.state}>
      <span className={`badge${work.state === 'done' ? ' good' : ''}`}>{workStateLabels[work.state]}</span>
      <span className="visually-hidden">:</span>{' '}
      {work.state === 'queued' ? <QueuedText insight={insight} firstRunAt={firstRunAt} /> : null}
      {work.state === 'running'
        ? `${countTasks(work.running, insight.actions)} under way${work.done > 0 ? `, ${work.done} done` : ''}.`
        : null}
      {work.state === 'waiting_approval' ? (
        <>
          {countApprovals(work.awaitingApproval, insight.actions)}; nothing goes out until you approve.{' '}
          <Link to={approvalsHref}>Open the approval inbox</Link>
        </>
      ) : null}
      {work.state === 'done' ? doneText(insight) : null}
      {work.state === 'stopped' ? stoppedText(insight) : null}
    </p>
  );
};
