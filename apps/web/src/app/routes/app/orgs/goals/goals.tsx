import { useState } from 'react';
import { useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { goalStatusSchema, goalStatuses, type GoalStatus } from '@aiceo/shared/goals';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { goalsQueryOptions, useGoals } from '@/features/goals/api/list-goals';
import { CreateGoalForm } from '@/features/goals/components/create-goal-form';
import { GoalsList } from '@/features/goals/components/goals-list';
import { SuggestedGoals } from '@/features/goals/components/suggested-goals';
import { goalStatusLabels } from '@/features/goals/format';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { orgPlaybookQueryOptions } from '@/hooks/use-org-playbook';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(goalsQueryOptions(params.orgId ?? '', { status: 'active' }));
  void queryClient.prefetchQuery(orgPlaybookQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const navigate = useNavigate();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const [status, setStatus] = useState<GoalStatus | undefined>('active');
  const [isCreating, setCreating] = useState(false);
  const pages = useCursorPages();
  const goals = useGoals(orgId, { status, cursor: pages.cursor });
  return (
    <>
      <PageHeader
        title="Goals"
        description={`What ${org.name} is working towards; the AI CEO plans the steps and works them.`}
        actions={canEdit && !isCreating ? <Button onClick={() => setCreating(true)}>New goal</Button> : null}
      />
      {isCreating ? (
        <section className="card" aria-labelledby="new-goal-heading" style={{ marginBottom: '1rem' }}>
          <h2 id="new-goal-heading">New goal</h2>
          <CreateGoalForm orgId={orgId} onCreated={(goal) => void navigate(paths.orgs.goal.getHref(orgId, goal.id))} />
          <Button variant="ghost" size="small" onClick={() => setCreating(false)}>
            Close
          </Button>
        </section>
      ) : null}
      <SuggestedGoals orgId={orgId} canEdit={canEdit} />
      <div style={{ maxWidth: '16rem', marginBottom: '1rem' }}>
        <SelectField
          label="Show"
          name="status"
          value={status ?? ''}
          onChange={(event) => {
            const parsed = goalStatusSchema.safeParse(event.target.value);
            pages.reset();
            setStatus(parsed.success ? parsed.data : undefined);
          }}
          options={[
            ...goalStatuses.map((value) => ({ value, label: `${goalStatusLabels[value]} goals` })),
            { value: '', label: 'All goals' },
          ]}
        />
      </div>
      <QueryView
        query={goals}
        loadingLabel="Loading goals…"
        errorTitle="Could not load the goals"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          <EmptyState title={status ? `No ${goalStatusLabels[status].toLowerCase()} goals` : 'No goals yet'}>
            <p>
              {canEdit
                ? 'Set one with “New goal”: the AI CEO breaks it into steps with due dates.'
                : 'Admins and owners set goals.'}
            </p>
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <GoalsList orgId={orgId} goals={data.items} />
            <Pager
              label="Goal pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={goals.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
