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
import { RecipientsLog } from '@/features/campaigns/components/recipients-log';
import { SendCampaignButton } from '@/features/campaigns/components/send-campaign-button';
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
      onSent={() => void queryClient.invalidateQueries({ queryKey: usageQueryOptions(orgId).queryKey })}
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
            {!isDraft ? (
              <p className="muted" data-testid="campaign-counts">
                {data.counts.sent} sent, {data.counts.failed} failed, {data.counts.skipped} skipped
                {data.counts.pending ? `, ${data.counts.pending} pending` : ''}.
              </p>
            ) : null}
            <div className={isDraft && canEdit ? 'campaign-layout' : 'stack'}>
              <section className="card" aria-label="Campaign content">
                <CampaignEditor orgId={orgId} campaign={data} canEdit={canEdit} onCreated={() => undefined} />
              </section>
              {isDraft && canEdit ? <CampaignPreview orgId={orgId} campaign={data} /> : null}
            </div>
            {!isDraft ? (
              <RecipientsLog orgId={orgId} campaignId={campaignId} isSending={data.status === 'sending'} />
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
