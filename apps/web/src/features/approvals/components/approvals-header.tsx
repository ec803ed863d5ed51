import { paths } from '@/config/paths';
import { SubNav } from '@/components/layouts/app-shell';
import { PageHeader } from '@/components/ui/page-header';

/** The title and the two tabs (the inbox, the auto-approve rules) of the approval pages. */
export const ApprovalsHeader = ({ orgId, orgName }: { orgId: string; orgName: string }) => (
  <>
    <PageHeader
      title="Approvals"
      description={`Everything ${orgName}’s AI CEO wants to send outside the business waits here for a yes, unless a rule approves it.`}
    />
    <SubNav
      label="Approvals"
      items={[
        { to: paths.orgs.approvals.getHref(orgId), label: 'Inbox', end: true },
        { to: paths.orgs.approvalRules.getHref(orgId), label: 'Auto-approve rules' },
      ]}
    />
  </>
);
