import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { QueryView } from '@/components/ui/states';
import { brandingQueryOptions, useBranding } from '@/features/branding/api/get-branding';
import { EmailBrandingForm } from '@/features/branding/components/email-branding-form';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(brandingQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const branding = useBranding(orgId);
  return (
    <section className="card" aria-labelledby="email-branding-heading">
      <h2 id="email-branding-heading">Email</h2>
      <p className="muted">How your campaign mail looks and who it comes from.</p>
      <QueryView
        query={branding}
        loadingLabel="Loading the email branding…"
        errorTitle="Could not load the email branding"
      >
        {(data) => <EmailBrandingForm key={JSON.stringify(data)} orgId={orgId} branding={data} canEdit={canEdit} />}
      </QueryView>
    </section>
  );
};
