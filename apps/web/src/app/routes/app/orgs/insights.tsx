import { useEffect, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams, type LoaderFunctionArgs } from 'react-router';
import {
  insightStatusSchema,
  insightStatuses,
  type AnalyzeResult,
  type Insight,
  type InsightStatus,
} from '@aiceo/shared/agentic';
import { hasRole } from '@aiceo/shared/roles';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { ActionError } from '@/components/ui/action-error';
import { EmptyState, QueryView, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useAnalyze } from '@/features/insights/api/analyze';
import { useDecideInsight, type InsightDecision } from '@/features/insights/api/decide-insight';
import { agenticKey } from '@/features/insights/api/list-insights';
import { insightsQueryOptions, useInsights } from '@/features/insights/api/list-insights';
import { runsQueryOptions, useRuns } from '@/features/insights/api/list-runs';
import { AnalyzeResultNotice } from '@/features/insights/components/analyze-result';
import { InsightCard } from '@/features/insights/components/insight-card';
import { LastRun } from '@/features/insights/components/last-run';
import { insightStatusLabels } from '@/features/insights/format';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { tasksKey, tasksQueryOptions } from '@/features/tasks/api/list-tasks';
import { TaskStatusBadge } from '@/features/tasks/components/task-status-badge';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { pollWhileActive } from '@/lib/task-polling';
import { paths } from '@/config/paths';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(insightsQueryOptions(orgId));
  void queryClient.prefetchQuery(runsQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

const refreshTasks = (orgId: string) => queryClient.invalidateQueries({ queryKey: tasksKey(orgId) });

/**
 * The tasks an insight created, polled while one may change; when their statuses change the
 * feed is asked again, so that the card's work state and its Undo follow without a reload.
 */
const useInsightTasks = (orgId: string, insight: Insight) => {
  const hasTasks = insight.actions.some((action) => action.taskId);
  const tasks = useQuery({
    ...tasksQueryOptions(orgId, { insightId: insight.id }),
    enabled: hasTasks,
    refetchInterval: (query) => pollWhileActive(query.state.data?.items),
  });
  const items = tasks.data?.items;
  const signature = items?.map((task) => `${task.id}:${task.status}`).join(',') ?? '';
  const seen = useRef(signature);
  useEffect(() => {
    if (seen.current === signature) return;
    if (seen.current) void queryClient.invalidateQueries({ queryKey: agenticKey(orgId) });
    seen.current = signature;
  }, [orgId, signature]);
  const firstRunAt =
    items
      ?.filter((task) => task.status === 'PENDING')
      .map((task) => task.runAfter)
      .sort()[0] ?? null;
  const taskStatus = (taskId: string) => {
    const task = items?.find((item) => item.id === taskId);
    return task ? <TaskStatusBadge status={task.status} /> : null;
  };
  return { firstRunAt, taskStatus };
};

type InsightItemProps = { orgId: string; insight: Insight; canDecide: boolean };

const decided: Record<InsightDecision, string> = {
  accept: 'Insight accepted',
  dismiss: 'Insight dismissed',
  undo: 'Insight undone',
};

/** One card with the live status of the tasks its actions created. */
const InsightItem = ({ orgId, insight, canDecide }: InsightItemProps) => {
  const decide = useDecideInsight(orgId);
  const toast = useToast();
  const [failure, setFailure] = useState<unknown>(null);
  const { firstRunAt, taskStatus } = useInsightTasks(orgId, insight);
  const onDecide = (decision: InsightDecision) => {
    setFailure(null);
    decide.mutate(
      { insightId: insight.id, decision },
      {
        // What the decision did, in the API's words ("Cancelled 2 follow-ups that had not started").
        onSuccess: (result) => {
          toast(result.decisionSummary ?? decided[decision]);
          void refreshTasks(orgId);
        },
        onError: setFailure,
      },
    );
  };
  return (
    <li>
      {failure ? <ActionError error={failure} /> : null}
      <InsightCard
        orgId={orgId}
        insight={insight}
        canDecide={canDecide}
        pending={decide.isPending ? (decide.variables?.decision ?? null) : null}
        onDecide={onDecide}
        taskStatus={taskStatus}
        firstRunAt={firstRunAt}
        approvalsHref={paths.orgs.approvals.getHref(orgId)}
      />
    </li>
  );
};

const AnalyzeButton = ({ orgId, onResult }: { orgId: string; onResult: (result: AnalyzeResult) => void }) => {
  const analyze = useAnalyze(orgId);
  const toast = useToast();
  return (
    <Button
      isPending={analyze.isPending}
      pendingLabel="Analyzing…"
      onClick={() =>
        analyze.mutate(undefined, {
          onSuccess: (result) => {
            onResult(result);
            void refreshTasks(orgId);
          },
          onError: (error) => toast(errorMessage(error), 'error'),
        })
      }
    >
      Analyze now
    </Button>
  );
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canDecide = org.role !== null && hasRole(org.role, 'admin');
  const [status, setStatus] = useState<InsightStatus | undefined>(undefined);
  const [result, setResult] = useState<AnalyzeResult | null>(null);
  const pages = useCursorPages();
  const insights = useInsights(orgId, { status, cursor: pages.cursor });
  const runs = useRuns(orgId);
  // A link from the approval inbox names one insight (#insight-<id>-title): scroll to it once it is on the page.
  const { hash } = useLocation();
  const loaded = insights.data !== undefined;
  useEffect(() => {
    if (!hash || !loaded) return;
    document.getElementById(decodeURIComponent(hash.slice(1)))?.scrollIntoView({ block: 'start' });
  }, [hash, loaded]);
  return (
    <>
      <PageHeader
        title="Insights"
        description={`What ${org.name}’s AI CEO noticed, why, and what it did about it.`}
        actions={canDecide ? <AnalyzeButton orgId={orgId} onResult={setResult} /> : null}
      />
      {result ? <AnalyzeResultNotice result={result} onClose={() => setResult(null)} /> : null}
      <div className="insight-toolbar">
        <div>
          {runs.data ? <LastRun runs={runs.data.items} /> : null}
          <p>
            <Link to={paths.orgs.whatWorked.getHref(orgId)}>What worked</Link>: which follow-ups, campaigns and posts
            got results.
          </p>
          {canDecide ? null : <p className="muted">Only admins and owners can analyze, accept, dismiss or undo.</p>}
        </div>
        <SelectField
          label="Show"
          name="status"
          value={status ?? ''}
          onChange={(event) => {
            const parsed = insightStatusSchema.safeParse(event.target.value);
            pages.reset();
            setStatus(parsed.success ? parsed.data : undefined);
          }}
          options={[
            { value: '', label: 'All insights' },
            ...insightStatuses.map((value) => ({ value, label: insightStatusLabels[value] })),
          ]}
        />
      </div>
      <QueryView
        query={insights}
        loadingLabel="Loading insights…"
        errorTitle="Could not load the insights"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          <EmptyState title={status ? `No ${insightStatusLabels[status].toLowerCase()} insights` : 'No insights yet'}>
            <p>
              {canDecide
                ? 'Click “Analyze now” to have the AI CEO look at the business.'
                : 'The AI CEO looks at the business every hour.'}
            </p>
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <ul className="insight-feed" aria-label="Insight feed">
              {data.items.map((insight) => (
                <InsightItem key={insight.id} orgId={orgId} insight={insight} canDecide={canDecide} />
              ))}
            </ul>
            <Pager
              label="Insight pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={insights.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
