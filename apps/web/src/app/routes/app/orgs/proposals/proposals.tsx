import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams, type LoaderFunctionArgs } from 'react-router';
import { proposalStatusLabels, proposalStatuses, type ProposalStatus } from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { paths } from '@/config/paths';
import { proposalsQueryOptions, useProposals } from '@/features/proposals/api/list-proposals';
import { serviceTemplatesPickQueryOptions } from '@/features/proposals/api/list-service-templates';
import { NewProposalDialog } from '@/features/proposals/components/new-proposal-dialog';
import { ProposalsTable } from '@/features/proposals/components/proposals-table';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(proposalsQueryOptions(orgId));
  void queryClient.prefetchQuery(serviceTemplatesPickQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

const FILTERS: readonly (ProposalStatus | null)[] = [null, ...proposalStatuses];

const StatusFilter = ({
  value,
  onChange,
}: {
  value: ProposalStatus | null;
  onChange: (next: ProposalStatus | null) => void;
}) => (
  <div className="status-tabs" role="group" aria-label="Show proposals">
    {FILTERS.map((status) => (
      <Button
        key={status ?? 'all'}
        size="small"
        variant="secondary"
        aria-pressed={value === status}
        onClick={() => onChange(status)}
      >
        {status ? proposalStatusLabels[status] : 'All'}
      </Button>
    ))}
  </div>
);

/** Search as you type, asking the API once typing pauses. */
const useDebounced = (value: string, ms = 250) => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
};

const HowItWorks = ({ orgId }: { orgId: string }) => (
  <ol className="proposal-flow">
    <li>
      Describe what you sell once as <Link to={paths.orgs.services.getHref(orgId)}>service templates</Link>: price,
      deliverables, duration.
    </li>
    <li>Make a proposal for a lead from them; the AI writes the cover letter. Adjust the lines, discount and tax.</li>
    <li>Send it: the client opens a link, reads it and accepts online by typing their name.</li>
    <li>
      Accepting wins the lead and starts a <Link to={paths.orgs.projects.getHref(orgId)}>project</Link> with milestones
      from the deliverables.
    </li>
  </ol>
);

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null;
  const [search, setSearch] = useSearchParams();
  const leadId = search.get('lead');
  const [status, setStatus] = useState<ProposalStatus | null>(null);
  const [q, setQ] = useState('');
  const settledQ = useDebounced(q.trim());
  const pages = useCursorPages();
  const proposals = useProposals(orgId, {
    status: status ?? undefined,
    q: settledQ || undefined,
    cursor: pages.cursor,
  });
  const isFiltered = status !== null || settledQ !== '';
  const dropLead = () => {
    if (!search.has('lead')) return;
    const next = new URLSearchParams(search);
    next.delete('lead');
    setSearch(next, { replace: true });
  };
  return (
    <>
      <PageHeader
        title="Proposals"
        description={`What ${org.name} offered, and what the clients said.`}
        actions={canEdit ? <NewProposalDialog orgId={orgId} leadId={leadId} onClosed={dropLead} /> : null}
      />
      <div className="proposal-filters">
        <StatusFilter
          value={status}
          onChange={(next) => {
            pages.reset();
            setStatus(next);
          }}
        />
        <div className="field">
          <label htmlFor="proposal-search" className="visually-hidden">
            Search proposals
          </label>
          <input
            id="proposal-search"
            type="search"
            placeholder="Search by title or client"
            value={q}
            onChange={(event) => {
              pages.reset();
              setQ(event.target.value);
            }}
          />
        </div>
      </div>
      <QueryView
        query={proposals}
        loadingLabel="Loading proposals…"
        errorTitle="Could not load the proposals"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          isFiltered ? (
            <EmptyState title="No proposals match">
              <p>Try another status or search.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No proposals yet">
              <HowItWorks orgId={orgId} />
              {canEdit ? <p>Start with “New proposal”, or from a lead’s page.</p> : null}
            </EmptyState>
          )
        }
      >
        {(data) => (
          <>
            <ProposalsTable orgId={orgId} proposals={data.items} />
            <Pager
              label="Proposal pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={proposals.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
