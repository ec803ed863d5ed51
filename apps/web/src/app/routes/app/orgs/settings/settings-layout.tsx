import { Outlet, useParams } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { SubNav, type NavItem } from '@/components/layouts/app-shell';
import { PageHeader } from '@/components/ui/page-header';
import { useCurrentOrg } from '@/hooks/use-current-org';

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const isAdmin = org.role !== null && hasRole(org.role, 'admin');
  const items: NavItem[] = [
    { to: paths.orgs.settings.profile.getHref(orgId), label: 'Profile' },
    { to: paths.orgs.settings.organisation.getHref(orgId), label: 'Organisation' },
    { to: paths.orgs.settings.playbook.getHref(orgId), label: 'Business & playbook' },
    { to: paths.orgs.settings.activity.getHref(orgId), label: 'Activity' },
    { to: paths.orgs.settings.members.getHref(orgId), label: 'Members' },
    ...(isAdmin
      ? [
          { to: paths.orgs.settings.invitations.getHref(orgId), label: 'Invitations' },
          { to: paths.orgs.settings.apiKeys.getHref(orgId), label: 'API keys' },
        ]
      : []),
    { to: paths.orgs.settings.billing.getHref(orgId), label: 'Billing' },
    { to: paths.orgs.settings.ai.getHref(orgId), label: 'AI CEO' },
    { to: paths.orgs.settings.aiAllowance.getHref(orgId), label: 'AI allowance' },
    { to: paths.orgs.settings.integrations.getHref(orgId), label: 'Integrations' },
    { to: paths.orgs.settings.websiteChat.getHref(orgId), label: 'Website chat' },
    { to: paths.orgs.settings.telegram.getHref(orgId), label: 'Telegram' },
    { to: paths.orgs.settings.email.getHref(orgId), label: 'Email' },
  ];
  return (
    <>
      <PageHeader title="Settings" description={`Your account and ${org.name}`} />
      <SubNav label="Settings" items={items} />
      <Outlet />
    </>
  );
};
