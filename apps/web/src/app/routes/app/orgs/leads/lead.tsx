import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import type { LeadDetail } from '@aiceo/shared/leads';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useDeleteLead } from '@/features/leads/api/delete-lead';
import { leadQueryOptions, useLead } from '@/features/leads/api/get-lead';
import { activitiesQueryOptions } from '@/features/leads/api/list-activities';
import { meetingsQueryOptions } from '@/features/leads/api/list-meetings';
import { LeadSource } from '@/features/attribution/components/lead-source';
import { ActivityTimeline } from '@/features/leads/components/activity-timeline';
import { FollowupDraftBadge } from '@/features/leads/components/followup-draft-badge';
import { UnsubscribedBadge } from '@/features/leads/components/unsubscribed-badge';
import { LeadDetailsForm } from '@/features/leads/components/lead-details-form';
import { MeetingsPanel } from '@/features/leads/components/meetings-panel';
import { ScoreExplanation } from '@/features/leads/components/score-explanation';
import { membersQueryOptions, useMembers } from '@/features/members/api/list-members';
import { LeadProposals } from '@/features/proposals/components/lead-proposals';
import { useStageLabels } from '@/hooks/use-stage-labels';
import { ApiError } from '@/lib/api-client';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  const leadId = params.leadId ?? '';
  void queryClient.prefetchQuery(leadQueryOptions(orgId, leadId));
  void queryClient.prefetchQuery(activitiesQueryOptions(orgId, leadId));
  void queryClient.prefetchQuery(meetingsQueryOptions(orgId, leadId));
  void queryClient.prefetchQuery(membersQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

// The form shows stored values again after a save, but logging an activity (which touches the
// lead too) must not wipe what is being typed: only the editable fields make the key.
const editableKey = (lead: LeadDetail) =>
  JSON.stringify([
    lead.name,
    lead.email,
    lead.company,
    lead.title,
    lead.phone,
    lead.source,
    lead.stage,
    lead.priority,
    lead.valueCents,
    lead.owner?.id,
    lead.tags,
    lead.notes,
  ]);

export const Component = () => {
  const { orgId = '', leadId = '' } = useParams();
  const lead = useLead(orgId, leadId);
  const stageLabels = useStageLabels();
  const members = useMembers(orgId);
  const remove = useDeleteLead(orgId);
  const navigate = useNavigate();
  const toast = useToast();
  const owners = (members.data?.items ?? []).map((member) => ({ id: member.userId, name: member.name }));

  // A deleted lead, or an id from another org or a typo: the same page either way.
  if (lead.error instanceof ApiError && (lead.error.status === 404 || lead.error.status === 400)) {
    return (
      <EmptyState title="Lead not found">
        <p>It was deleted, or the link is wrong.</p>
        <Link className="button" to={paths.orgs.leads.list.getHref(orgId)}>
          All leads
        </Link>
      </EmptyState>
    );
  }
  return (
    <QueryView query={lead} loadingLabel="Loading the lead…" errorTitle="Could not load this lead">
      {(data) => (
        <>
          <p>
            <Link to={paths.orgs.leads.list.getHref(orgId)}>← All leads</Link>
          </p>
          <PageHeader
            title={data.name}
            description={
              <>
                <span data-testid="lead-stage">Stage: {stageLabels[data.stage]}</span>
                {data.company ? ` · ${data.company}` : ''}
                {data.followupDraftedAt ? ' · ' : null}
                <FollowupDraftBadge draftedAt={data.followupDraftedAt} />
                {data.unsubscribedAt ? ' · ' : null}
                <UnsubscribedBadge unsubscribedAt={data.unsubscribedAt} />
              </>
            }
            actions={
              <>
                <Link className="button" to={paths.orgs.proposals.getHref(orgId, data.id)}>
                  New proposal
                </Link>
                <ConfirmButton
                  title={`Delete ${data.name}?`}
                  description="The lead, its activities and its meetings are deleted for good."
                  confirmLabel="Delete lead"
                  pendingLabel="Deleting…"
                  size="normal"
                  onConfirm={() =>
                    remove.mutateAsync(data.id).then(() => {
                      toast(`${data.name} deleted`);
                      return navigate(paths.orgs.leads.list.getHref(orgId), { replace: true });
                    })
                  }
                >
                  Delete lead
                </ConfirmButton>
              </>
            }
          />
          <div className="lead-page">
            <div className="stack">
              <LeadDetailsForm key={editableKey(data)} orgId={orgId} lead={data} owners={owners} />
              <ActivityTimeline orgId={orgId} leadId={data.id} />
            </div>
            <div className="stack">
              <ScoreExplanation lead={data} />
              <LeadProposals orgId={orgId} leadId={data.id} />
              <LeadSource orgId={orgId} leadId={data.id} />
              <MeetingsPanel orgId={orgId} leadId={data.id} />
            </div>
          </div>
        </>
      )}
    </QueryView>
  );
};
