import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { goalQueryOptions, useGoal } from '@/features/goals/api/get-goal';
import { useDeleteGoal, useUpdateGoal } from '@/features/goals/api/update-goal';
import { GoalLiveProgress } from '@/features/goals/components/goal-live';
import { GoalProgressBar, StepsDone } from '@/features/goals/components/goal-progress';
import { GoalSteps } from '@/features/goals/components/goal-steps';
import { goalStatusLabels, goalStatusTone } from '@/features/goals/format';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { TaskStatusBadge } from '@/features/tasks/components/task-status-badge';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { formatDate } from '@/utils/format';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(goalQueryOptions(params.orgId ?? '', params.goalId ?? ''));
  await requireUser({ request });
  return null;
};

const BackLink = ({ orgId }: { orgId: string }) => <Link to={paths.orgs.goals.getHref(orgId)}>All goals</Link>;

const GoalActions = ({ orgId, goalId, isActive }: { orgId: string; goalId: string; isActive: boolean }) => {
  const update = useUpdateGoal(orgId, goalId);
  const remove = useDeleteGoal(orgId);
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <>
      {isActive ? (
        <ConfirmButton
          title="Cancel this goal?"
          description="Its steps that have not started are cancelled too. Finished steps and their deliverables stay."
          confirmLabel="Cancel goal"
          pendingLabel="Cancelling…"
          size="normal"
          variant="secondary"
          onConfirm={async () => {
            await update.mutateAsync({ status: 'cancelled' });
            toast('Goal cancelled');
          }}
        >
          Cancel goal
        </ConfirmButton>
      ) : null}
      <ConfirmButton
        title="Delete this goal?"
        description="The goal and all its steps are deleted, with their deliverables."
        confirmLabel="Delete goal"
        pendingLabel="Deleting…"
        size="normal"
        onConfirm={async () => {
          await remove.mutateAsync(goalId);
          toast('Goal deleted');
          await navigate(paths.orgs.goals.getHref(orgId));
        }}
      >
        Delete
      </ConfirmButton>
    </>
  );
};

export const Component = () => {
  const { orgId = '', goalId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const goal = useGoal(orgId, goalId);
  return (
    <QueryView query={goal} loadingLabel="Loading the goal…" errorTitle="Could not load the goal">
      {(data) => (
        <>
          <PageHeader
            title={data.title}
            description={<BackLink orgId={orgId} />}
            actions={canEdit ? <GoalActions orgId={orgId} goalId={goalId} isActive={data.status === 'active'} /> : null}
          />
          <section className="card stack" aria-label="Goal summary" style={{ marginBottom: '1rem' }}>
            <p>
              <span className={goalStatusTone[data.status]} data-testid="goal-status">
                {goalStatusLabels[data.status]}
              </span>
              <span className="muted">
                {' '}
                · Target {data.targetDate ? formatDate(data.targetDate) : 'not set'}
                {data.plannedBy
                  ? ` · Planned by ${data.plannedBy === 'offline' ? 'the offline planner' : data.plannedBy}`
                  : ''}
              </span>
            </p>
            {data.description ? <p>{data.description}</p> : null}
            {data.live ? (
              <>
                <GoalLiveProgress live={data.live} label="Goal progress" targetDate={data.targetDate} />
                <StepsDone progress={data.progress} />
              </>
            ) : (
              <GoalProgressBar progress={data.progress} label="Goal progress" />
            )}
          </section>
          <h2>Steps</h2>
          {data.steps.length === 0 ? (
            <p className="muted">No steps yet.</p>
          ) : (
            <GoalSteps
              orgId={orgId}
              goalId={goalId}
              steps={data.steps}
              canMark={canEdit}
              renderStatus={(step) => <TaskStatusBadge status={step.status} />}
            />
          )}
        </>
      )}
    </QueryView>
  );
};
