import { createBrowserRouter, redirect } from 'react-router';
import { paths } from '@/config/paths';
import { RootErrorBoundary, RootLayout, RootLoading } from './routes/root';

// Every screen is its own chunk (lazy); only the root frame ships in the entry.
export const router = createBrowserRouter([
  {
    Component: RootLayout,
    ErrorBoundary: RootErrorBoundary,
    HydrateFallback: RootLoading,
    children: [
      { index: true, lazy: () => import('./routes/home') },
      { path: paths.auth.login.path, lazy: () => import('./routes/auth/login') },
      { path: paths.auth.signup.path, lazy: () => import('./routes/auth/signup') },
      { path: paths.auth.forgotPassword.path, lazy: () => import('./routes/auth/forgot-password') },
      { path: paths.auth.resetPassword.path, lazy: () => import('./routes/auth/reset-password') },
      { path: paths.invitation.path, lazy: () => import('./routes/invitations/accept-invitation') },
      {
        lazy: () => import('./routes/app/app-layout'),
        children: [
          { path: paths.orgs.create.path, lazy: () => import('./routes/app/orgs/create-org') },
          { path: paths.orgAddress.path, lazy: () => import('./routes/app/org-address') },
          {
            path: paths.orgs.root.path,
            lazy: () => import('./routes/app/orgs/org-layout'),
            children: [
              { index: true, loader: ({ params }) => redirect(paths.orgs.dashboard.getHref(params.orgId ?? '')) },
              { path: 'dashboard', lazy: () => import('./routes/app/orgs/dashboard') },
              { path: paths.orgs.chat.path, lazy: () => import('./routes/app/orgs/chat') },
              { path: paths.orgs.leads.list.path, lazy: () => import('./routes/app/orgs/leads/leads') },
              { path: paths.orgs.leads.board.path, lazy: () => import('./routes/app/orgs/leads/board') },
              { path: paths.orgs.leads.import.path, lazy: () => import('./routes/app/orgs/leads/import') },
              { path: paths.orgs.leads.lead.path, lazy: () => import('./routes/app/orgs/leads/lead') },
              { path: paths.orgs.content.path, lazy: () => import('./routes/app/orgs/content') },
              { path: paths.orgs.campaigns.path, lazy: () => import('./routes/app/orgs/campaigns/campaigns') },
              { path: paths.orgs.newCampaign.path, lazy: () => import('./routes/app/orgs/campaigns/campaign') },
              { path: paths.orgs.campaign.path, lazy: () => import('./routes/app/orgs/campaigns/campaign') },
              { path: paths.orgs.tasks.path, lazy: () => import('./routes/app/orgs/tasks') },
              { path: paths.orgs.insights.path, lazy: () => import('./routes/app/orgs/insights') },
              { path: paths.orgs.whatWorked.path, lazy: () => import('./routes/app/orgs/what-worked') },
              { path: paths.orgs.goals.path, lazy: () => import('./routes/app/orgs/goals/goals') },
              { path: paths.orgs.goal.path, lazy: () => import('./routes/app/orgs/goals/goal') },
              { path: paths.orgs.approvals.path, lazy: () => import('./routes/app/orgs/approvals') },
              { path: paths.orgs.approvalRules.path, lazy: () => import('./routes/app/orgs/approval-rules') },
              { path: paths.orgs.conversations.path, lazy: () => import('./routes/app/orgs/conversations') },
              { path: paths.orgs.sources.path, lazy: () => import('./routes/app/orgs/sources') },
              { path: paths.orgs.services.path, lazy: () => import('./routes/app/orgs/services') },
              { path: paths.orgs.proposals.path, lazy: () => import('./routes/app/orgs/proposals/proposals') },
              { path: paths.orgs.proposal.path, lazy: () => import('./routes/app/orgs/proposals/proposal') },
              { path: paths.orgs.projects.path, lazy: () => import('./routes/app/orgs/projects/projects') },
              { path: paths.orgs.project.path, lazy: () => import('./routes/app/orgs/projects/project') },
              {
                path: paths.orgs.money.root.path,
                lazy: () => import('./routes/app/orgs/money/money-layout'),
                children: [
                  { index: true, lazy: () => import('./routes/app/orgs/money/overview') },
                  {
                    path: paths.orgs.money.transactions.path,
                    lazy: () => import('./routes/app/orgs/money/transactions'),
                  },
                  { path: paths.orgs.money.import.path, lazy: () => import('./routes/app/orgs/money/import') },
                  { path: paths.orgs.money.rules.path, lazy: () => import('./routes/app/orgs/money/rules') },
                  { path: paths.orgs.money.reports.path, lazy: () => import('./routes/app/orgs/money/reports') },
                  { path: paths.orgs.money.accounts.path, lazy: () => import('./routes/app/orgs/money/accounts') },
                  { path: paths.orgs.money.settings.path, lazy: () => import('./routes/app/orgs/money/settings') },
                ],
              },
              {
                path: 'settings',
                lazy: () => import('./routes/app/orgs/settings/settings-layout'),
                children: [
                  {
                    index: true,
                    loader: ({ params }) => redirect(paths.orgs.settings.profile.getHref(params.orgId ?? '')),
                  },
                  { path: paths.orgs.settings.profile.path, lazy: () => import('./routes/app/orgs/settings/profile') },
                  {
                    path: paths.orgs.settings.organisation.path,
                    lazy: () => import('./routes/app/orgs/settings/organisation'),
                  },
                  { path: paths.orgs.settings.members.path, lazy: () => import('./routes/app/orgs/settings/members') },
                  {
                    path: paths.orgs.settings.invitations.path,
                    lazy: () => import('./routes/app/orgs/settings/invitations'),
                  },
                  { path: paths.orgs.settings.apiKeys.path, lazy: () => import('./routes/app/orgs/settings/api-keys') },
                  { path: paths.orgs.settings.billing.path, lazy: () => import('./routes/app/orgs/settings/billing') },
                  { path: paths.orgs.settings.ai.path, lazy: () => import('./routes/app/orgs/settings/ai') },
                  {
                    path: paths.orgs.settings.integrations.path,
                    lazy: () => import('./routes/app/orgs/settings/integrations'),
                  },
                  {
                    path: paths.orgs.settings.playbook.path,
                    lazy: () => import('./routes/app/orgs/settings/playbook'),
                  },
                  {
                    path: paths.orgs.settings.activity.path,
                    lazy: () => import('./routes/app/orgs/settings/activity'),
                  },
                  {
                    path: paths.orgs.settings.aiAllowance.path,
                    lazy: () => import('./routes/app/orgs/settings/ai-allowance'),
                  },
                  {
                    path: paths.orgs.settings.websiteChat.path,
                    lazy: () => import('./routes/app/orgs/settings/website-chat'),
                  },
                  { path: paths.orgs.settings.email.path, lazy: () => import('./routes/app/orgs/settings/email') },
                  {
                    path: paths.orgs.settings.telegram.path,
                    lazy: () => import('./routes/app/orgs/settings/telegram'),
                  },
                ],
              },
            ],
          },
          {
            path: paths.admin.root.path,
            lazy: () => import('./routes/app/admin/admin-layout'),
            children: [
              { index: true, loader: () => redirect(paths.admin.metrics.getHref()) },
              { path: paths.admin.users.path, lazy: () => import('./routes/app/admin/users') },
              { path: paths.admin.inviteCodes.path, lazy: () => import('./routes/app/admin/invite-codes') },
              { path: paths.admin.settings.path, lazy: () => import('./routes/app/admin/settings') },
              { path: paths.admin.outbox.path, lazy: () => import('./routes/app/admin/outbox') },
              { path: paths.admin.metrics.path, lazy: () => import('./routes/app/admin/metrics') },
              { path: paths.admin.orgs.path, lazy: () => import('./routes/app/admin/orgs') },
              { path: paths.admin.disputes.path, lazy: () => import('./routes/app/admin/disputes') },
              { path: paths.admin.aiUsage.path, lazy: () => import('./routes/app/admin/ai-usage') },
              { path: paths.admin.aiBudget.path, lazy: () => import('./routes/app/admin/ai-budget') },
              { path: paths.admin.health.path, lazy: () => import('./routes/app/admin/health') },
            ],
          },
        ],
      },
      { path: '*', lazy: () => import('./routes/not-found') },
    ],
  },
]);
