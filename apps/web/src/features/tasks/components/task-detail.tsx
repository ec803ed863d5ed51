import { Link } from 'react-router';
import type { Task } from '@aiceo/shared/tasks';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { QueryView, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useChangeTask } from '../api/change-task';
import { useTask } from '../api/get-task';
import { taskStatusLabels, taskTypeLabels } from '../format';
import { JsonBlock, ReadableFields, TaskOutput } from './task-output';
import { TaskStatusBadge } from './task-status-badge';
import { Moment } from './task-time';
import { originLabel } from './tasks-table';
import './tasks.css';

type TaskActionsProps = { orgId: string; task: Task };

/** Cancel before it starts; retry after it failed or was cancelled. The answer replaces the task on screen. */
const TaskActions = ({ orgId, task }: TaskActionsProps) => {
  const cancel = useChangeTask(orgId, 'cancel');
  const retry = useChangeTask(orgId, 'retry');
  const toast = useToast();
  const run = (mutation: typeof cancel, done: string) =>
    mutation.mutate(task.id, { onSuccess: () => toast(done), onError: (error) => toast(errorMessage(error), 'error') });
  if (task.status === 'PENDING') {
    return (
      <Button
        variant="secondary"
        size="small"
        isPending={cancel.isPending}
        pendingLabel="Cancelling…"
        onClick={() => run(cancel, 'Task cancelled')}
      >
        Cancel task
      </Button>
    );
  }
  if (task.status === 'FAILED' || task.status === 'CANCELLED') {
    return (
      <Button
        size="small"
        isPending={retry.isPending}
        pendingLabel="Queuing…"
        onClick={() => run(retry, 'Task queued again')}
      >
        Retry task
      </Button>
    );
  }
  return null;
};

const TaskFacts = ({ orgId, task, userId }: { orgId: string; task: Task; userId: string }) => (
  <dl>
    <dt>Type</dt>
    <dd>{taskTypeLabels[task.type]}</dd>
    <dt>Status</dt>
    <dd>
      <TaskStatusBadge status={task.status} />
    </dd>
    <dt>Attempts</dt>
    <dd>
      {task.attempts} of {task.maxAttempts}
    </dd>
    <dt>Origin</dt>
    <dd>{originLabel(task, userId)}</dd>
    {task.goalId ? (
      <>
        <dt>Goal</dt>
        <dd>
          <Link to={paths.orgs.goal.getHref(orgId, task.goalId)}>Open the goal</Link>
        </dd>
      </>
    ) : null}
    <dt>Created</dt>
    <dd>
      <Moment iso={task.createdAt} past />
    </dd>
    <dt>Runs after</dt>
    <dd>
      <Moment iso={task.runAfter} />
    </dd>
    {task.dueAt ? (
      <>
        <dt>Due</dt>
        <dd>
          <Moment iso={task.dueAt} />
        </dd>
      </>
    ) : null}
    <dt>Started</dt>
    <dd>{task.startedAt ? <Moment iso={task.startedAt} past /> : '—'}</dd>
    <dt>Finished</dt>
    <dd>{task.finishedAt ? <Moment iso={task.finishedAt} past /> : '—'}</dd>
  </dl>
);

type TaskDetailProps = { orgId: string; taskId: string; userId: string; closeHref: string };

/** One task: its facts, what went in, what came out, the last error, and what can be done with it. */
export const TaskDetail = ({ orgId, taskId, userId, closeHref }: TaskDetailProps) => {
  const task = useTask(orgId, taskId);
  return (
    <section className="card task-detail" aria-labelledby="task-detail-heading" data-testid="task-detail">
      <QueryView query={task} loadingLabel="Loading the task…" errorTitle="Could not load the task">
        {(data) => (
          <>
            <div className="page-header" style={{ marginBottom: '0.5rem' }}>
              <h2 id="task-detail-heading">{data.title}</h2>
              <div className="actions">
                <TaskActions orgId={orgId} task={data} />
                <Link className="button ghost small" to={closeHref}>
                  Close
                </Link>
              </div>
            </div>
            <p className="visually-hidden" aria-live="polite">
              Status: {taskStatusLabels[data.status]}
            </p>
            <TaskFacts orgId={orgId} task={data} userId={userId} />
            {data.error ? (
              <>
                <h3>Error</h3>
                <p className="alert error" data-testid="task-error">
                  {data.error}
                </p>
              </>
            ) : null}
            <h3>Output</h3>
            <TaskOutput task={data} orgId={orgId} />
            <h3>What was asked</h3>
            <ReadableFields orgId={orgId} value={data.input} label="What was asked" />
            <details>
              <summary>Raw input</summary>
              <JsonBlock value={data.input} label="Input" />
            </details>
          </>
        )}
      </QueryView>
    </section>
  );
};
