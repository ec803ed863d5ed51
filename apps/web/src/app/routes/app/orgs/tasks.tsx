import { useState } from 'react';
import { useNavigate, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { taskStatusSchema, type TaskStatus } from '@aiceo/shared/tasks';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { taskSummaryQueryOptions, useTaskSummary } from '@/features/tasks/api/get-task-summary';
import { tasksQueryOptions, useTasks } from '@/features/tasks/api/list-tasks';
import { NewTaskForm } from '@/features/tasks/components/new-task-form';
import { StatusChips } from '@/features/tasks/components/status-chips';
import { TaskDetail } from '@/features/tasks/components/task-detail';
import { TasksTable } from '@/features/tasks/components/tasks-table';
import { taskStatusLabels } from '@/features/tasks/format';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser, useUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { RelativeTime } from '@/components/ui/relative-time';

const statusOf = (search: URLSearchParams): TaskStatus | undefined => {
  const parsed = taskStatusSchema.safeParse(search.get('status'));
  return parsed.success ? parsed.data : undefined;
};

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(tasksQueryOptions(orgId, { status: statusOf(new URL(request.url).searchParams) }));
  void queryClient.prefetchQuery(taskSummaryQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const user = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const [search, setSearch] = useSearchParams();
  const status = statusOf(search);
  const selectedId = search.get('task');
  const pages = useCursorPages();
  const [isCreating, setCreating] = useState(false);
  const summary = useTaskSummary(orgId);
  const tasks = useTasks(orgId, { status, cursor: pages.cursor });

  const hrefWith = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(change)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    return `${paths.orgs.tasks.getHref(orgId)}${qs ? `?${qs}` : ''}`;
  };

  return (
    <>
      <PageHeader
        title="Tasks"
        description={`What ${org.name}’s AI CEO is working on, has done, and could not do.`}
        actions={isCreating ? null : <Button onClick={() => setCreating(true)}>New task</Button>}
      />
      {isCreating ? (
        <section className="card" aria-labelledby="new-task-heading" style={{ marginBottom: '1rem' }}>
          <h2 id="new-task-heading">New task</h2>
          <NewTaskForm
            orgId={orgId}
            onCancel={() => setCreating(false)}
            onCreated={(task) => {
              setCreating(false);
              toast(`Task queued: ${task.title}`);
              void navigate(hrefWith({ task: task.id, status: null }));
            }}
          />
        </section>
      ) : null}
      <StatusChips
        summary={summary.data}
        selected={status}
        onSelect={(next) => {
          pages.reset();
          setSearch((current) => {
            const params = new URLSearchParams(current);
            if (next) params.set('status', next);
            else params.delete('status');
            return params;
          });
        }}
      />
      {summary.data?.oldestDueAt ? (
        <p className="muted">
          The oldest task waiting to run was due <RelativeTime iso={summary.data.oldestDueAt} past />.
        </p>
      ) : null}
      <div className={`task-layout${selectedId ? ' with-detail' : ''}`}>
        <div>
          <QueryView
            query={tasks}
            loadingLabel="Loading tasks…"
            errorTitle="Could not load the tasks"
            isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
            empty={
              <EmptyState title={status ? `No ${taskStatusLabels[status].toLowerCase()} tasks` : 'No tasks yet'}>
                <p>Queue one with “New task”, or let the AI CEO find work on the Insights page.</p>
              </EmptyState>
            }
          >
            {(data) => (
              <>
                <TasksTable
                  tasks={data.items}
                  userId={user.id}
                  selectedId={selectedId}
                  hrefOf={(taskId) => hrefWith({ task: taskId })}
                />
                <Pager
                  label="Task pages"
                  page={pages.page}
                  hasPrevious={pages.hasPrevious}
                  nextCursor={data.nextCursor}
                  isFetching={tasks.isPlaceholderData}
                  onPrevious={pages.previous}
                  onNext={pages.next}
                />
              </>
            )}
          </QueryView>
        </div>
        {selectedId ? (
          <TaskDetail
            key={selectedId}
            orgId={orgId}
            taskId={selectedId}
            userId={user.id}
            closeHref={hrefWith({ task: null })}
          />
        ) : null}
      </div>
    </>
  );
};
