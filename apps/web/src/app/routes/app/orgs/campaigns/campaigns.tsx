import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { campaignsQueryOptions, useCampaigns } from '@/features/campaigns/api/list-campaigns';
import { CampaignsTable } from '@/features/campaigns/components/campaigns-table';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(campaignsQueryOptions(params.orgId ?? ''));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const pages = useCursorPages();
  const campaigns = useCampaigns(orgId, pages.cursor);
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  return (
    <>
      <PageHeader
        title="Campaigns"
        description={`Email ${org.name}’s leads.`}
        actions={
          canEdit ? (
            <Link className="button" to={paths.orgs.newCampaign.getHref(orgId)}>
              New campaign
            </Link>
          ) : null
        }
      />
      <QueryView
        query={campaigns}
        loadingLabel="Loading campaigns…"
        errorTitle="Could not load the campaigns"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          <EmptyState title="No campaigns yet">
            <p>
              {canEdit ? 'Create one to email the leads that match a filter.' : 'Admins and owners create campaigns.'}
            </p>
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <CampaignsTable orgId={orgId} campaigns={data.items} />
            <Pager
              label="Campaign pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={campaigns.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
