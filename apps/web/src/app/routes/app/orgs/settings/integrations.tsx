import { useEffect, useState } from 'react';
import { useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { linkedinCallbackOutcomes, type LinkedinCallbackOutcome } from '@aiceo/shared/integrations';
import { hasRole } from '@aiceo/shared/roles';
import { Button } from '@/components/ui/button';
import { QueryView } from '@/components/ui/states';
import { integrationsQueryOptions, useIntegrations } from '@/features/integrations/api/list-integrations';
import { callbackNotices, LinkedinCard } from '@/features/integrations/components/linkedin-card';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(integrationsQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

const isOutcome = (value: string | null): value is LinkedinCallbackOutcome =>
  (linkedinCallbackOutcomes as readonly (string | null)[]).includes(value);

/** Reads `?linkedin=<outcome>` once after LinkedIn's redirect, then drops it from the URL so a reload does not repeat it. */
const useCallbackOutcome = () => {
  const [search, setSearch] = useSearchParams();
  const [outcome, setOutcome] = useState<LinkedinCallbackOutcome | null>(null);
  const raw = search.get('linkedin');
  // Adjusted while rendering, when the parameter changes (react.dev: "you might not need an effect").
  const [seen, setSeen] = useState<string | null>(null);
  if (raw !== seen) {
    setSeen(raw);
    if (isOutcome(raw)) setOutcome(raw);
  }
  useEffect(() => {
    if (!raw) return;
    setSearch(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('linkedin');
        return next;
      },
      { replace: true },
    );
  }, [raw, setSearch]);
  return { outcome, dismiss: () => setOutcome(null) };
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const integrations = useIntegrations(orgId);
  const { outcome, dismiss } = useCallbackOutcome();
  const canManage = org.role !== null && hasRole(org.role, 'admin');
  const notice = outcome ? callbackNotices[outcome] : null;
  return (
    <div className="stack">
      {notice ? (
        <div className={`alert ${notice.tone}`} role={notice.tone === 'success' ? 'status' : 'alert'}>
          <p>{notice.text}</p>
          <Button variant="secondary" size="small" onClick={dismiss}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <QueryView query={integrations} loadingLabel="Loading integrations…" errorTitle="Could not load the integrations">
        {(data) => (
          <LinkedinCard
            orgId={orgId}
            integration={data.items.find((item) => item.provider === 'linkedin')}
            canManage={canManage}
          />
        )}
      </QueryView>
    </div>
  );
};
