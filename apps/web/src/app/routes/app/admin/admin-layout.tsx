import { Outlet } from 'react-router';
import { paths } from '@/config/paths';
import { SubNav } from '@/components/layouts/app-shell';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/states';
import { requireUser, useUser } from '@/lib/auth';

export const loader = requireUser;

const items = [
  { to: paths.admin.metrics.getHref(), label: 'Metrics' },
  { to: paths.admin.orgs.getHref(), label: 'Organisations' },
  { to: paths.admin.users.getHref(), label: 'Users' },
  { to: paths.admin.disputes.getHref(), label: 'Disputes' },
  { to: paths.admin.aiUsage.getHref(), label: 'AI usage' },
  { to: paths.admin.aiBudget.getHref(), label: 'AI budgets' },
  { to: paths.admin.health.getHref(), label: 'System health' },
  { to: paths.admin.inviteCodes.getHref(), label: 'Invite codes' },
  { to: paths.admin.settings.getHref(), label: 'Sign-up mode' },
  { to: paths.admin.outbox.getHref(), label: 'Outbox' },
] as const;

export const Component = () => {
  const user = useUser();
  if (!user.isPlatformAdmin) {
    return (
      <>
        <PageHeader title="Platform admin" />
        <EmptyState title="Platform admins only">
          <p>This area is for the people who run this AI CEO installation.</p>
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Platform admin" description="Everyone on this installation, sign-up and mail." />
      <SubNav label="Platform admin" items={items} />
      <Outlet />
    </>
  );
};
