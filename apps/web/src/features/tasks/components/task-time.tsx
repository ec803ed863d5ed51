import type { Task } from '@aiceo/shared/tasks';
import { formatDateTime } from '@/utils/format';
import { formatRelative } from '@/utils/relative-time';

/** One moment, relative in the text and exact in the tooltip. */
export const Moment = ({ iso, now }: { iso: string; now: number }) => (
  <time dateTime={iso} title={formatDateTime(iso)} className="task-time">
    {formatRelative(iso, now)}
  </time>
);

/** The time that matters for the task's status: when it runs, started, or finished. */
export const TaskWhen = ({ task, now }: { task: Task; now: number }) => {
  if (task.finishedAt)
    return (
      <>
        Finished <Moment iso={task.finishedAt} now={now} />
      </>
    );
  if (task.status === 'IN_PROGRESS' && task.startedAt)
    return (
      <>
        Started <Moment iso={task.startedAt} now={now} />
      </>
    );
  if (task.status === 'PENDING') {
    return Date.parse(task.runAfter) > now ? (
      <>
        Runs <Moment iso={task.runAfter} now={now} />
      </>
    ) : (
      <>
        Due since <Moment iso={task.runAfter} now={now} />
      </>
    );
  }
  return (
    <>
      Created <Moment iso={task.createdAt} now={now} />
    </>
  );
};
