import { Outlet, useParams } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { SubNav, type NavItem } from '@/components/layouts/app-shell';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/states';
import { useCurrentOrg } from '@/hooks/use-current-org';

/** Finance is admin+ (the API answers 403 to members): a member sees why, not an error per request. */
const MembersNotAllowed = ({ orgName }: { orgName: string }) => (
  <>
    <PageHeader title="Money" />
    <EmptyState title="Only admins and owners see the money">
      <p>The books of {orgName} are for its admins and owners. Ask one of them if you need a figure.</p>
    </EmptyState>
  </>
);

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  if (org.role === null || !hasRole(org.role, 'admin')) return <MembersNotAllowed orgName={org.name} />;
  const items: NavItem[] = [
    { to: paths.orgs.money.root.getHref(orgId), label: 'Overview', end: true },
    { to: paths.orgs.money.transactions.getHref(orgId), label: 'Transactions' },
    { to: paths.orgs.money.import.getHref(orgId), label: 'Import' },
    { to: paths.orgs.money.rules.getHref(orgId), label: 'Rules' },
    { to: paths.orgs.money.reports.getHref(orgId), label: 'Reports' },
    { to: paths.orgs.money.accounts.getHref(orgId), label: 'Accounts' },
    { to: paths.orgs.money.settings.getHref(orgId), label: 'Settings' },
  ];
  return (
    <>
      <SubNav label="Money" items={items} />
      <Outlet />
    </>
  );
};
