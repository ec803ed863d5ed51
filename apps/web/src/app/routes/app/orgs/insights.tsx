import { useState } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
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
import { insightsQueryOptions, useInsights } from '@/features/insights/api/list-insights';
import { runsQueryOptions, useRuns } from '@/features/insights/api/list-runs';
import { AnalyzeResultNotice } from '@/features/insights/components/analyze-result';
import { InsightCard } from '@/features/insights/components/insight-card';
import { LastRun } from '@/features/insights/components/last-run';
import { insightStatusLabels } from '@/features/insights/format';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { tasksKey } from '@/features/tasks/api/list-tasks';
import { useTaskStatusLookup } from '@/features/tasks/components/task-status-lookup';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { useNow } from '@/utils/relative-time';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(insightsQueryOptions(orgId));
  void queryClient.prefetchQuery(runsQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

const refreshTasks = (orgId: string) => queryClient.invalidateQueries({ queryKey: tasksKey(orgId) });

type InsightItemProps = { orgId: string; insight: Insight; now: number; canDecide: boolean };

/** One card with the live status of the tasks its actions created. */
const InsightItem = ({ orgId, insight, now, canDecide }: InsightItemProps) => {
  const decide = useDecideInsight(orgId);
  const toast = useToast();
  const [failure, setFailure] = useState<unknown>(null);
  const hasTasks = insight.actions.some((action) => action.taskId);
  const taskStatus = useTaskStatusLookup(orgId, hasTasks ? insight.id : null);
  const done: Record<InsightDecision, string> = {
    accept: 'Insight accepted',
    dismiss: 'Insight dismissed',
    undo: 'Insight undone; its tasks that had not started are cancelled',
  };
  const onDecide = (decision: InsightDecision) => {
    setFailure(null);
    decide.mutate(
      { insightId: insight.id, decision },
      {
        onSuccess: () => {
          toast(done[decision]);
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
        now={now}
        canDecide={canDecide}
        pending={decide.isPending ? (decide.variables?.decision ?? null) : null}
        onDecide={onDecide}
        taskStatus={taskStatus}
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
  const now = useNow();
  const canDecide = org.role !== null && hasRole(org.role, 'admin');
  const [status, setStatus] = useState<InsightStatus | undefined>(undefined);
  const [result, setResult] = useState<AnalyzeResult | null>(null);
  const pages = useCursorPages();
  const insights = useInsights(orgId, { status, cursor: pages.cursor });
  const runs = useRuns(orgId);
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
          {runs.data ? <LastRun runs={runs.data.items} now={now} /> : null}
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
                <InsightItem key={insight.id} orgId={orgId} insight={insight} now={now} canDecide={canDecide} />
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
