import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { QueryView } from '@/components/ui/states';
import { usageQueryOptions, useUsage } from '@/features/billing/api/get-usage';
import { campaignQueryOptions, useCampaign } from '@/features/campaigns/api/get-campaign';
import { useDeleteCampaign } from '@/features/campaigns/api/delete-campaign';
import { useCampaignPreview } from '@/features/campaigns/api/preview-campaign';
import { CampaignEditor } from '@/features/campaigns/components/campaign-editor';
import { CampaignPreview } from '@/features/campaigns/components/campaign-preview';
import { CampaignReport } from '@/features/campaigns/components/campaign-report';
import { RecipientCapNotice } from '@/features/campaigns/components/recipient-cap-notice';
import { SendCampaignButton } from '@/features/campaigns/components/send-campaign-button';
import { SendingProgress } from '@/features/campaigns/components/sending-progress';
import { TestSendButton } from '@/features/campaigns/components/test-send-button';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (params.campaignId) void queryClient.prefetchQuery(campaignQueryOptions(orgId, params.campaignId));
  void queryClient.prefetchQuery(usageQueryOptions(orgId));
  await requireUser({ request });
  return null;
};

const BackLink = ({ orgId }: { orgId: string }) => <Link to={paths.orgs.campaigns.getHref(orgId)}>All campaigns</Link>;

/** Send controls of a saved draft: the audience count comes from its preview, the emails left from the plan's usage. */
const SendBar = ({ orgId, campaignId, version }: { orgId: string; campaignId: string; version: string }) => {
  const preview = useCampaignPreview(orgId, campaignId, version);
  const usage = useUsage(orgId);
  const emails = usage.data?.resources.find((resource) => resource.resource === 'emails');
  return (
    <SendCampaignButton
      orgId={orgId}
      campaignId={campaignId}
      audienceCount={preview.data?.audienceCount ?? null}
      emailsLeft={emails?.remaining ?? null}
      plan={usage.data?.plan ?? null}
      onSent={() => void queryClient.invalidateQueries({ queryKey: usageQueryOptions(orgId).queryKey })}
    />
  );
};

/** Tells before sending when the audience is over the plan's cap on recipients per campaign. */
const CapNotice = ({ orgId, campaignId, version }: { orgId: string; campaignId: string; version: string }) => {
  const preview = useCampaignPreview(orgId, campaignId, version);
  const usage = useUsage(orgId);
  return (
    <RecipientCapNotice
      orgId={orgId}
      audienceCount={preview.data?.audienceCount ?? null}
      plan={usage.data?.plan ?? null}
    />
  );
};

const ExistingCampaign = ({ orgId, campaignId, canEdit }: { orgId: string; campaignId: string; canEdit: boolean }) => {
  const navigate = useNavigate();
  const campaign = useCampaign(orgId, campaignId);
  const remove = useDeleteCampaign(orgId);
  return (
    <QueryView query={campaign} loadingLabel="Loading the campaign…" errorTitle="Could not load the campaign">
      {(data) => {
        const isDraft = data.status === 'draft';
        return (
          <>
            <PageHeader
              title={data.name}
              description={<BackLink orgId={orgId} />}
              actions={
                <>
                  <span className={`badge ${data.status === 'sent' ? 'good' : ''}`} data-testid="campaign-status">
                    {data.status}
                  </span>
                  {isDraft && canEdit ? (
                    <SendBar orgId={orgId} campaignId={campaignId} version={data.updatedAt} />
                  ) : null}
                  {isDraft && canEdit ? (
                    <ConfirmButton
                      title="Delete this campaign?"
                      confirmLabel="Delete campaign"
                      pendingLabel="Deleting…"
                      size="normal"
                      onConfirm={async () => {
                        await remove.mutateAsync(campaignId);
                        await navigate(paths.orgs.campaigns.getHref(orgId));
                      }}
                    >
                      Delete
                    </ConfirmButton>
                  ) : null}
                </>
              }
            />
            {!isDraft ? <SendingProgress campaign={data} /> : null}
            {isDraft && canEdit ? <CapNotice orgId={orgId} campaignId={campaignId} version={data.updatedAt} /> : null}
            <div className={isDraft && canEdit ? 'campaign-layout' : 'stack'}>
              <section className="card" aria-label="Campaign content">
                <CampaignEditor orgId={orgId} campaign={data} canEdit={canEdit} onCreated={() => undefined} />
              </section>
              {isDraft && canEdit ? <CampaignPreview orgId={orgId} campaign={data} /> : null}
            </div>
            <TestSendButton orgId={orgId} campaignId={campaignId} />
            {!isDraft ? (
              <CampaignReport
                orgId={orgId}
                campaignId={campaignId}
                counts={data.counts}
                isSending={data.status === 'sending'}
              />
            ) : null}
          </>
        );
      }}
    </QueryView>
  );
};

export const Component = () => {
  const { orgId = '', campaignId } = useParams();
  const navigate = useNavigate();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  if (campaignId) return <ExistingCampaign key={campaignId} orgId={orgId} campaignId={campaignId} canEdit={canEdit} />;
  return (
    <>
      <PageHeader title="New campaign" description={<BackLink orgId={orgId} />} />
      <section className="card" aria-label="Campaign content">
        <CampaignEditor
          orgId={orgId}
          campaign={null}
          canEdit={canEdit}
          onCreated={(created) => void navigate(paths.orgs.campaign.getHref(orgId, created.id), { replace: true })}
        />
      </section>
    </>
  );
};
