import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { QueryView } from '@/components/ui/states';
import { aiContextQueryOptions, useAiContext } from '@/features/ai/api/get-ai-context';
import { aiSettingsQueryOptions, useAiSettings } from '@/features/ai/api/get-ai-settings';
import { aiStatusQueryOptions, useAiStatus } from '@/features/ai/api/get-ai-status';
import { aiUsageQueryOptions, useAiUsage } from '@/features/ai/api/get-ai-usage';
import { AiContextPanel } from '@/features/ai/components/ai-context-panel';
import { AiSettingsForm } from '@/features/ai/components/ai-settings-form';
import { AiStatusPanel } from '@/features/ai/components/ai-status-panel';
import { AiUsagePanel } from '@/features/ai/components/ai-usage-panel';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(aiSettingsQueryOptions(orgId));
  void queryClient.prefetchQuery(aiStatusQueryOptions(orgId));
  await requireUser({ request });
  // Context and spend are for admins only; members would only get 403s.
  const org = await queryClient.ensureQueryData(orgQueryOptions(orgId)).catch(() => null);
  if (org?.role && hasRole(org.role, 'admin')) {
    void queryClient.prefetchQuery(aiContextQueryOptions(orgId));
    void queryClient.prefetchQuery(aiUsageQueryOptions(orgId));
  }
  return null;
};

const AdminPanels = ({ orgId }: { orgId: string }) => {
  const context = useAiContext(orgId);
  const usage = useAiUsage(orgId);
  return (
    <>
      <section className="card" aria-labelledby="ai-context-heading">
        <h2 id="ai-context-heading">What your AI CEO knows</h2>
        <p className="muted">The same text goes with every question, built from your organisation’s data.</p>
        <QueryView query={context} loadingLabel="Loading the context…" errorTitle="Could not load the context">
          {(data) => <AiContextPanel context={data} />}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="ai-usage-heading">
        <h2 id="ai-usage-heading">AI spend this month</h2>
        <QueryView query={usage} loadingLabel="Loading AI spend…" errorTitle="Could not load AI spend">
          {(data) => <AiUsagePanel usage={data} />}
        </QueryView>
      </section>
    </>
  );
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const isAdmin = org.role !== null && hasRole(org.role, 'admin');
  const settings = useAiSettings(orgId);
  const status = useAiStatus(orgId);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="ai-settings-heading">
        <h2 id="ai-settings-heading">AI CEO</h2>
        <QueryView query={settings} loadingLabel="Loading AI settings…" errorTitle="Could not load the AI settings">
          {(data) => (
            <AiSettingsForm key={data.updatedAt ?? 'defaults'} orgId={orgId} settings={data} canEdit={isAdmin} />
          )}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="ai-status-heading">
        <h2 id="ai-status-heading">Status</h2>
        <QueryView query={status} loadingLabel="Loading AI status…" errorTitle="Could not load the AI status">
          {(data) => <AiStatusPanel status={data} />}
        </QueryView>
      </section>
      {isAdmin ? <AdminPanels orgId={orgId} /> : null}
    </div>
  );
};
