import { useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import type { User } from '@aiceo/shared/auth';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { AppShell, type NavItem } from '@/components/layouts/app-shell';
import { Button } from '@/components/ui/button';
import { useApprovalCount } from '@/features/approvals/api/get-approval-count';
import { useLogout } from '@/features/auth/api/logout';
import { QuotaNotice } from '@/features/billing/components/quota-notice';
import { useOrgs } from '@/features/orgs/api/list-orgs';
import { lastOrgId } from '@/features/orgs/last-org';
import { OrgSwitcher } from '@/features/orgs/components/org-switcher';
import { requireUser, useAuth } from '@/lib/auth';

export const loader = requireUser;

export const Component = () => {
  const auth = useAuth();
  const location = useLocation();
  // Set when this tab logs out: then the login page is the destination, not a way back here.
  const [leaving, setLeaving] = useState(false);

  if (auth.status !== 'signed-in') {
    // Signed out elsewhere (another tab, a failed refresh): come back here after logging in again.
    const next = leaving ? null : `${location.pathname}${location.search}`;
    return <Navigate to={paths.auth.login.getHref(next)} replace />;
  }
  return <SignedInShell user={auth.user} onLogout={() => setLeaving(true)} />;
};

const SignedInShell = ({ user, onLogout }: { user: User; onLogout: () => void }) => {
  const { orgId } = useParams();
  const navigate = useNavigate();
  const logout = useLogout();
  const orgs = useOrgs();

  // Dashboard and Settings point at the URL's organisation, or (on admin pages, or when that
  // one does not exist) the one used last, or the first.
  const items = orgs.data?.items ?? [];
  const isKnown = (id: string | null | undefined): id is string => !!id && items.some((org) => org.id === id);
  const remembered = lastOrgId();
  const navOrg = orgId && (orgs.isPending || isKnown(orgId)) ? orgId : isKnown(remembered) ? remembered : items[0]?.id;
  // Finance is admin+: members get no Money entry (and its pages tell them so).
  const navRole = items.find((org) => org.id === navOrg)?.role;
  const canSeeMoney = !!navRole && hasRole(navRole, 'admin');
  // How many approvals wait, asked every 30 s and again after each decision.
  const approvalCount = useApprovalCount(navOrg);
  const nav: NavItem[] = navOrg
    ? [
        { to: paths.orgs.dashboard.getHref(navOrg), label: 'Dashboard' },
        { to: paths.orgs.chat.getHref(navOrg), label: 'AI CEO' },
        { to: paths.orgs.leads.list.getHref(navOrg), label: 'Leads' },
        { to: paths.orgs.proposals.getHref(navOrg), label: 'Proposals' },
        { to: paths.orgs.projects.getHref(navOrg), label: 'Projects' },
        ...(canSeeMoney ? [{ to: paths.orgs.money.root.getHref(navOrg), label: 'Money' }] : []),
        { to: paths.orgs.content.getHref(navOrg), label: 'Content' },
        { to: paths.orgs.campaigns.getHref(navOrg), label: 'Campaigns' },
        { to: paths.orgs.conversations.getHref(navOrg), label: 'Website chat' },
        { to: paths.orgs.sources.getHref(navOrg), label: 'Sources' },
        { to: paths.orgs.services.getHref(navOrg), label: 'Services' },
        { to: paths.orgs.tasks.getHref(navOrg), label: 'Tasks' },
        { to: paths.orgs.insights.getHref(navOrg), label: 'Insights' },
        {
          to: paths.orgs.approvals.getHref(navOrg),
          label: 'Approvals',
          count: approvalCount.data?.pending,
          countLabel: 'waiting',
        },
        { to: paths.orgs.goals.getHref(navOrg), label: 'Goals' },
        { to: paths.orgs.settings.root.getHref(navOrg), label: 'Settings' },
      ]
    : [];
  if (user.isPlatformAdmin) nav.push({ to: paths.admin.root.getHref(), label: 'Platform admin' });

  const onLogoutClick = () => {
    onLogout();
    logout.mutate(false, { onSettled: () => void navigate(paths.auth.login.getHref(), { replace: true }) });
  };

  return (
    <AppShell
      switcher={<OrgSwitcher currentOrgId={orgId} />}
      nav={nav}
      user={
        <>
          <span className="user-name" title={user.email}>
            {user.name}
          </span>
          <Button
            variant="secondary"
            size="small"
            onClick={onLogoutClick}
            isPending={logout.isPending}
            pendingLabel="Logging out…"
          >
            Log out
          </Button>
        </>
      }
    >
      <QuotaNotice fallbackOrgId={navOrg} />
      <Outlet />
    </AppShell>
  );
};
