/** Every URL of the app in one place; `getHref` builds a link, `path` is the route pattern. */
const withNext = (base: string, next?: string | null) => (next ? `${base}?next=${encodeURIComponent(next)}` : base);

export const paths = {
  home: { path: '/', getHref: () => '/' },
  auth: {
    login: { path: '/login', getHref: (next?: string | null) => withNext('/login', next) },
    signup: {
      path: '/signup',
      getHref: (options: { next?: string | null; email?: string } = {}) => {
        const query = new URLSearchParams();
        if (options.next) query.set('next', options.next);
        if (options.email) query.set('email', options.email);
        const search = query.toString();
        return search ? `/signup?${search}` : '/signup';
      },
    },
    forgotPassword: { path: '/forgot-password', getHref: () => '/forgot-password' },
    resetPassword: { path: '/reset-password', getHref: () => '/reset-password' },
  },
  invitation: { path: '/invitations/:token', getHref: (token: string) => `/invitations/${encodeURIComponent(token)}` },
  /** An organisation's web address (its slug): opens its dashboard for its members. */
  orgAddress: { path: '/o/:slug', getHref: (slug: string) => `/o/${encodeURIComponent(slug)}` },
  orgs: {
    create: { path: '/orgs/new', getHref: () => '/orgs/new' },
    root: { path: '/orgs/:orgId', getHref: (orgId: string) => `/orgs/${orgId}` },
    dashboard: { path: '/orgs/:orgId/dashboard', getHref: (orgId: string) => `/orgs/${orgId}/dashboard` },
    chat: {
      path: 'chat/:conversationId?',
      getHref: (orgId: string, conversationId?: string) =>
        conversationId ? `/orgs/${orgId}/chat/${conversationId}` : `/orgs/${orgId}/chat`,
    },
    content: { path: 'content', getHref: (orgId: string) => `/orgs/${orgId}/content` },
    campaigns: { path: 'campaigns', getHref: (orgId: string) => `/orgs/${orgId}/campaigns` },
    newCampaign: { path: 'campaigns/new', getHref: (orgId: string) => `/orgs/${orgId}/campaigns/new` },
    tasks: {
      path: 'tasks',
      getHref: (orgId: string, taskId?: string) => `/orgs/${orgId}/tasks${taskId ? `?task=${taskId}` : ''}`,
    },
    insights: { path: 'insights', getHref: (orgId: string) => `/orgs/${orgId}/insights` },
    whatWorked: { path: 'insights/what-worked', getHref: (orgId: string) => `/orgs/${orgId}/insights/what-worked` },
    goals: { path: 'goals', getHref: (orgId: string) => `/orgs/${orgId}/goals` },
    goal: { path: 'goals/:goalId', getHref: (orgId: string, goalId: string) => `/orgs/${orgId}/goals/${goalId}` },
    approvals: { path: 'approvals', getHref: (orgId: string) => `/orgs/${orgId}/approvals` },
    /** Website chat conversations (the inbox where the team takes over). */
    conversations: {
      path: 'conversations/:conversationId?',
      getHref: (orgId: string, conversationId?: string) =>
        conversationId ? `/orgs/${orgId}/conversations/${conversationId}` : `/orgs/${orgId}/conversations`,
    },
    /** Revenue by source: what each post, campaign and channel earned. */
    sources: { path: 'sources', getHref: (orgId: string) => `/orgs/${orgId}/sources` },
    /** Service templates: what the org sells, ready for proposals. */
    services: { path: 'services', getHref: (orgId: string) => `/orgs/${orgId}/services` },
    proposals: {
      path: 'proposals',
      getHref: (orgId: string, leadId?: string) => `/orgs/${orgId}/proposals${leadId ? `?lead=${leadId}` : ''}`,
    },
    proposal: {
      path: 'proposals/:proposalId',
      getHref: (orgId: string, proposalId: string) => `/orgs/${orgId}/proposals/${proposalId}`,
    },
    projects: {
      path: 'projects',
      getHref: (orgId: string, view?: 'board') => `/orgs/${orgId}/projects${view ? '?view=board' : ''}`,
    },
    project: {
      path: 'projects/:projectId',
      getHref: (orgId: string, projectId: string) => `/orgs/${orgId}/projects/${projectId}`,
    },
    approvalRules: { path: 'approvals/rules', getHref: (orgId: string) => `/orgs/${orgId}/approvals/rules` },
    campaign: {
      path: 'campaigns/:campaignId',
      getHref: (orgId: string, campaignId: string) => `/orgs/${orgId}/campaigns/${campaignId}`,
    },
    leads: {
      list: {
        path: 'leads',
        getHref: (orgId: string, search?: string) => `/orgs/${orgId}/leads${search ? `?${search}` : ''}`,
      },
      board: { path: 'leads/board', getHref: (orgId: string) => `/orgs/${orgId}/leads/board` },
      import: { path: 'leads/import', getHref: (orgId: string) => `/orgs/${orgId}/leads/import` },
      lead: { path: 'leads/:leadId', getHref: (orgId: string, leadId: string) => `/orgs/${orgId}/leads/${leadId}` },
    },
    money: {
      /** The overview; the other money pages are its children. */
      root: { path: 'money', getHref: (orgId: string) => `/orgs/${orgId}/money` },
      transactions: {
        path: 'transactions',
        getHref: (orgId: string, search?: string) => `/orgs/${orgId}/money/transactions${search ? `?${search}` : ''}`,
      },
      import: { path: 'import', getHref: (orgId: string) => `/orgs/${orgId}/money/import` },
      rules: { path: 'rules', getHref: (orgId: string) => `/orgs/${orgId}/money/rules` },
      reports: { path: 'reports', getHref: (orgId: string) => `/orgs/${orgId}/money/reports` },
      accounts: { path: 'accounts', getHref: (orgId: string) => `/orgs/${orgId}/money/accounts` },
      settings: { path: 'settings', getHref: (orgId: string) => `/orgs/${orgId}/money/settings` },
    },
    settings: {
      root: { path: '/orgs/:orgId/settings', getHref: (orgId: string) => `/orgs/${orgId}/settings` },
      profile: { path: 'profile', getHref: (orgId: string) => `/orgs/${orgId}/settings/profile` },
      organisation: { path: 'organisation', getHref: (orgId: string) => `/orgs/${orgId}/settings/organisation` },
      members: { path: 'members', getHref: (orgId: string) => `/orgs/${orgId}/settings/members` },
      invitations: { path: 'invitations', getHref: (orgId: string) => `/orgs/${orgId}/settings/invitations` },
      apiKeys: { path: 'api-keys', getHref: (orgId: string) => `/orgs/${orgId}/settings/api-keys` },
      billing: { path: 'billing', getHref: (orgId: string) => `/orgs/${orgId}/settings/billing` },
      ai: { path: 'ai', getHref: (orgId: string) => `/orgs/${orgId}/settings/ai` },
      integrations: { path: 'integrations', getHref: (orgId: string) => `/orgs/${orgId}/settings/integrations` },
      playbook: { path: 'playbook', getHref: (orgId: string) => `/orgs/${orgId}/settings/playbook` },
      activity: { path: 'activity', getHref: (orgId: string) => `/orgs/${orgId}/settings/activity` },
      aiAllowance: { path: 'ai-allowance', getHref: (orgId: string) => `/orgs/${orgId}/settings/ai-allowance` },
      websiteChat: { path: 'website-chat', getHref: (orgId: string) => `/orgs/${orgId}/settings/website-chat` },
      email: { path: 'email', getHref: (orgId: string) => `/orgs/${orgId}/settings/email` },
      telegram: { path: 'telegram', getHref: (orgId: string) => `/orgs/${orgId}/settings/telegram` },
    },
  },
  admin: {
    root: { path: '/admin', getHref: () => '/admin' },
    users: { path: 'users', getHref: () => '/admin/users' },
    inviteCodes: { path: 'invite-codes', getHref: () => '/admin/invite-codes' },
    settings: { path: 'settings', getHref: () => '/admin/settings' },
    outbox: { path: 'outbox', getHref: () => '/admin/outbox' },
    metrics: { path: 'metrics', getHref: () => '/admin/metrics' },
    orgs: { path: 'orgs', getHref: (search?: string) => `/admin/orgs${search ? `?${search}` : ''}` },
    disputes: { path: 'disputes', getHref: () => '/admin/disputes' },
    aiUsage: { path: 'ai-usage', getHref: () => '/admin/ai-usage' },
    aiBudget: { path: 'ai-budget', getHref: () => '/admin/ai-budget' },
    health: { path: 'health', getHref: () => '/admin/health' },
  },
} as const;

/** Only same-app paths are followed after sign-in, never another origin (open redirect). */
export const safeNext = (next: string | null | undefined): string | null =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : null;
