import type { AgenticRun } from '@aiceo/shared/agentic';
import { RelativeTime } from '@/components/ui/relative-time';

const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/** "Last analysis 5 minutes ago: 4 insights, 3 tasks." */
export const LastRun = ({ runs }: { runs: readonly AgenticRun[] }) => {
  const last = runs[0];
  if (!last)
    return (
      <p className="muted" data-testid="last-run">
        No analysis yet. The AI CEO looks at the business every hour.
      </p>
    );
  const when = <RelativeTime iso={last.finishedAt ?? last.startedAt} past />;
  const how = last.trigger === 'manual' ? 'run by hand' : 'scheduled';
  if (!last.finishedAt)
    return (
      <p className="muted" data-testid="last-run">
        An analysis is running (started {when}).
      </p>
    );
  return (
    <p className="muted" data-testid="last-run">
      Last analysis {when} ({how}): {plural(last.insightCount, 'insight', 'insights')},{' '}
      {plural(last.actionCount, 'task', 'tasks')}.
      {last.error ? <span className="error"> It failed: {last.error}</span> : null}
    </p>
  );
};
