import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { EmptyState, QueryView } from '@/components/ui/states';
import { paths } from '@/config/paths';
import { proposalQueryOptions, useProposal } from '@/features/proposals/api/get-proposal';
import { serviceTemplatesPickQueryOptions } from '@/features/proposals/api/list-service-templates';
import { ProposalEditor } from '@/features/proposals/components/proposal-editor';
import { ProposalView } from '@/features/proposals/components/proposal-view';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { ApiError } from '@/lib/api-client';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  void queryClient.prefetchQuery(proposalQueryOptions(orgId, params.proposalId ?? ''));
  void queryClient.prefetchQuery(serviceTemplatesPickQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '', proposalId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null;
  const proposal = useProposal(orgId, proposalId);
  // Deleted, from another org, or a typo: the same page either way.
  if (proposal.error instanceof ApiError && (proposal.error.status === 404 || proposal.error.status === 400)) {
    return (
      <EmptyState title="Proposal not found">
        <p>It was deleted, or the link is wrong.</p>
        <Link className="button" to={paths.orgs.proposals.getHref(orgId)}>
          All proposals
        </Link>
      </EmptyState>
    );
  }
  return (
    <QueryView query={proposal} loadingLabel="Loading the proposal…" errorTitle="Could not load the proposal">
      {(data) =>
        data.status === 'draft' ? (
          // A new editor after a revise or another proposal: it starts from what is stored.
          <ProposalEditor key={`${data.id}-${data.sentAt ?? ''}`} orgId={orgId} proposal={data} canEdit={canEdit} />
        ) : (
          <ProposalView orgId={orgId} proposal={data} canEdit={canEdit} />
        )
      }
    </QueryView>
  );
};
