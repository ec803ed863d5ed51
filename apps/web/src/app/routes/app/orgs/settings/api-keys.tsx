import { useState } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import type { CreatedApiKey } from '@aiceo/shared/api-keys';
import { hasRole } from '@aiceo/shared/roles';
import { EmptyState, QueryView } from '@/components/ui/states';
import { apiKeysQueryOptions, useApiKeys } from '@/features/api-keys/api/list-api-keys';
import { ApiKeysTable } from '@/features/api-keys/components/api-keys-table';
import { CreateApiKeyForm } from '@/features/api-keys/components/create-api-key-form';
import { NewKeySecret } from '@/features/api-keys/components/new-key-secret';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { AdminOnly } from './admin-only';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await requireUser({ request });
  const orgId = params.orgId ?? '';
  const org = await queryClient.ensureQueryData(orgQueryOptions(orgId));
  if (org.role && hasRole(org.role, 'admin')) void queryClient.prefetchQuery(apiKeysQueryOptions(orgId));
  return null;
};

const ApiKeysList = ({ orgId }: { orgId: string }) => {
  const apiKeys = useApiKeys(orgId);
  return (
    <QueryView
      query={apiKeys}
      loadingLabel="Loading API keys…"
      errorTitle="Could not load the API keys"
      isEmpty={(data) => data.items.length === 0}
      empty={
        <EmptyState title="No API keys yet">
          <p>Create one above to let another system use this organisation’s data.</p>
        </EmptyState>
      }
    >
      {(data) => <ApiKeysTable orgId={orgId} apiKeys={data.items} />}
    </QueryView>
  );
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  if (!org.role || !hasRole(org.role, 'admin')) return <AdminOnly what="API keys" />;
  return (
    <div className="stack">
      {created ? <NewKeySecret apiKey={created} onDone={() => setCreated(null)} /> : null}
      <section className="card" aria-labelledby="create-key-heading">
        <h2 id="create-key-heading">Create an API key</h2>
        <p className="muted">
          Integrations send it as <code>Authorization: Bearer aiceo_…</code>.
        </p>
        <CreateApiKeyForm orgId={orgId} onCreated={setCreated} />
      </section>
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <ApiKeysList orgId={orgId} />
      </section>
    </div>
  );
};
