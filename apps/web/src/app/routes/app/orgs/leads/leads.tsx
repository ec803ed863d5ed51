import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { leadsQueryOptions, useLeads } from '@/features/leads/api/list-leads';
import { ExportButton } from '@/features/leads/components/export-button';
import { LeadFilters } from '@/features/leads/components/lead-filters';
import { LeadsTable } from '@/features/leads/components/leads-table';
import { NewLeadDialog } from '@/features/leads/components/new-lead-dialog';
import { useLeadView, viewFromSearch } from '@/features/leads/use-lead-view';
import { membersQueryOptions, useMembers } from '@/features/members/api/list-members';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchInfiniteQuery(leadsQueryOptions(orgId, viewFromSearch(new URL(request.url).searchParams)));
  void queryClient.prefetchQuery(membersQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const [search] = useSearchParams();
  const { view, setView } = useLeadView();
  const leads = useLeads(orgId, view);
  const members = useMembers(orgId);
  const owners = (members.data?.items ?? []).map((member) => ({ id: member.userId, name: member.name }));
  const items = leads.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = [...search.keys()].some((key) => key !== 'sort' && key !== 'order');

  return (
    <>
      <PageHeader
        title="Leads"
        description="Everyone you are selling to, with a score for how likely they are to convert."
        actions={
          <>
            <Link className="button secondary" to={paths.orgs.leads.board.getHref(orgId)}>
              Pipeline board
            </Link>
            <Link className="button secondary" to={paths.orgs.leads.import.getHref(orgId)}>
              Import CSV
            </Link>
            <ExportButton orgId={orgId} view={view} />
            <NewLeadDialog orgId={orgId} owners={owners} />
          </>
        }
      />
      <LeadFilters view={view} owners={owners} onChange={setView} />
      {leads.isPending ? (
        <Loading label="Loading leads…" />
      ) : leads.isError ? (
        <ErrorState error={leads.error} title="Could not load the leads" onRetry={() => void leads.refetch()} />
      ) : items.length === 0 ? (
        isFiltered ? (
          <EmptyState title="No leads match these filters">
            <p>Try a shorter search or clear some filters.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No leads yet">
            <p>Add one with “New lead”, or bring a list in from a CSV file.</p>
            <Link className="button" to={paths.orgs.leads.import.getHref(orgId)}>
              Import leads from CSV
            </Link>
          </EmptyState>
        )
      ) : (
        <div className="stack">
          <LeadsTable orgId={orgId} leads={items} view={view} onSort={setView} />
          <div className="actions lead-table-footer">
            <span className="muted" aria-live="polite">
              {items.length} {items.length === 1 ? 'lead' : 'leads'} shown{leads.hasNextPage ? '' : ' (all)'}
            </span>
            {leads.hasNextPage ? (
              <Button
                variant="secondary"
                onClick={() => void leads.fetchNextPage()}
                isPending={leads.isFetchingNextPage}
                pendingLabel="Loading…"
              >
                Load more
              </Button>
            ) : null}
          </div>
        </div>
      )}
    </>
  );
};
