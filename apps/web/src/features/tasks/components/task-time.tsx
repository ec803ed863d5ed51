import type { Task } from '@aiceo/shared/tasks';
import { RelativeTime } from '@/components/ui/relative-time';
import { useNow } from '@/utils/relative-time';

/** One moment, relative in the text and exact in the tooltip; `past` for what already happened. */
export const Moment = ({ iso, past = false }: { iso: string; past?: boolean }) => (
  <RelativeTime iso={iso} past={past} className="task-time" />
);

/** The time that matters for the task's status: when it runs, started, or finished. */
export const TaskWhen = ({ task }: { task: Task }) => {
  const now = useNow();
  if (task.finishedAt)
    return (
      <>
        Finished <Moment iso={task.finishedAt} past />
      </>
    );
  if (task.status === 'IN_PROGRESS' && task.startedAt)
    return (
      <>
        Started <Moment iso={task.startedAt} past />
      </>
    );
  if (task.status === 'PENDING') {
    return Date.parse(task.runAfter) > now ? (
      <>
        Runs <Moment iso={task.runAfter} />
      </>
    ) : (
      <>
        Due since <Moment iso={task.runAfter} past />
      </>
    );
  }
  return (
    <>
      Created <Moment iso={task.createdAt} past />
    </>
  );
};
