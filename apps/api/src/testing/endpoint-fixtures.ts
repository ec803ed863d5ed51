import type { Endpoint } from '@aiceo/shared/contract';
import { sha256 } from '../lib/crypto';
import { newPublicLink } from '../lib/public-links';
import { addMember, seedOrg, type SeededOrg, type SeededUser } from './seed';
import type { TestContext } from './test-app';

// One organisation with a record of every kind an org route can address, for the contract-wide
// tests (tenancy, hostile input) that sweep every endpoint.

export type OrgFixture = {
  org: SeededOrg;
  member: SeededUser;
  invitationId: string;
  keyId: string;
  apiKey: string;
  entryId: string;
  conversationId: string;
  messageId: string;
  leadId: string;
  meetingId: string;
  importId: string;
  campaignId: string;
  postId: string;
  taskId: string;
  goalId: string;
  /** A step (goal_step task) of the goal above. */
  goalStepId: string;
  insightId: string;
  accountId: string;
  categoryId: string;
  transactionId: string;
  financeImportId: string;
  ruleId: string;
  ruleProposalId: string;
  approvalId: string;
  approvalRuleId: string;
  /** A website chat conversation (with the widget's settings row). */
  widgetConversationId: string;
  /** A draft sales proposal for the lead above (P-1). */
  proposalId: string;
  /** A service template. */
  templateId: string;
  /** A client project with one milestone. */
  projectId: string;
  milestoneId: string;
};

export const seedOrgFixture = async (
  t: TestContext,
  label: string,
  options: { owner?: SeededUser } = {},
): Promise<OrgFixture> => {
  const org = await seedOrg(t.deps, { name: `Org ${label}`, ...options });
  const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
  const invitation = await t.deps.db.invitation.create({
    data: {
      orgId: org.id,
      email: `invitee-${label}@example.test`,
      role: 'member',
      tokenHash: sha256(`invite-${label}-${org.id}`),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
  const apiKey = `aiceo_${label}${org.id.slice(0, 6)}_secret-${org.id}`;
  const key = await t.deps.db.apiKey.create({
    data: {
      orgId: org.id,
      name: `key ${label}`,
      prefix: apiKey.slice(0, 14),
      keyHash: sha256(apiKey),
      scopes: ['read', 'write'],
    },
    select: { id: true },
  });
  // The owner's linked Telegram chat (what the Telegram settings read and change).
  await t.deps.db.telegramLink.create({
    data: {
      orgId: org.id,
      userId: org.owner.id,
      chatId: BigInt(Math.floor(Math.random() * 2 ** 40)),
      telegramUserId: 1,
      notifications: {},
      paymentsSeenUntil: new Date(),
    },
  });
  // A charge on the credits ledger (what a dispute is opened on).
  await t.deps.db.creditWallet.create({ data: { orgId: org.id, balance: 5 } });
  await t.deps.db.creditEntry.create({
    data: { orgId: org.id, kind: 'adjustment', amount: 10, balanceAfter: 10, reason: 'seed' },
  });
  const entry = await t.deps.db.creditEntry.create({
    data: { orgId: org.id, kind: 'consume', amount: -5, balanceAfter: 5, reason: 'seed' },
    select: { id: true },
  });
  // A conversation of the owner's with a stopped answer (what stop and retry act on).
  const conversation = await t.deps.db.chatConversation.create({
    data: { orgId: org.id, userId: org.owner.id, title: `Chat ${label}` },
    select: { id: true },
  });
  await t.deps.db.chatMessage.create({
    data: {
      orgId: org.id,
      conversationId: conversation.id,
      role: 'user',
      content: 'Hello',
      status: 'complete',
      createdAt: new Date(Date.now() - 2),
    },
  });
  const message = await t.deps.db.chatMessage.create({
    data: { orgId: org.id, conversationId: conversation.id, role: 'assistant', content: 'Hi', status: 'stopped' },
    select: { id: true },
  });
  // A draft post (what get, update, delete and publish act on).
  const post = await t.deps.db.contentPost.create({
    data: { orgId: org.id, body: `Post ${label}` },
    select: { id: true },
  });
  // A lead with an activity and a meeting, and a CSV upload not yet imported.
  const lead = await t.deps.db.lead.create({
    data: { orgId: org.id, name: `Lead ${label}`, email: `lead-${label}@example.test` },
    select: { id: true },
  });
  await t.deps.db.leadActivity.create({
    data: { orgId: org.id, leadId: lead.id, kind: 'note', summary: 'seed', occurredAt: new Date() },
  });
  const meeting = await t.deps.db.meeting.create({
    data: {
      orgId: org.id,
      leadId: lead.id,
      title: 'Intro',
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
    },
    select: { id: true },
  });
  const leadImport = await t.deps.db.leadImport.create({
    data: {
      orgId: org.id,
      fileName: 'leads.csv',
      csv: `Name,Email\r\nImported ${label},imported-${label}@example.test\r\n`,
      rowCount: 1,
    },
    select: { id: true },
  });
  // A draft campaign whose audience (every lead with an email) includes the lead above.
  const campaign = await t.deps.db.emailCampaign.create({
    data: { orgId: org.id, name: `Campaign ${label}`, subject: 'Hi {{firstName}}', body: 'Hello', audience: {} },
    select: { id: true },
  });
  // A pending task, a goal with one step, and an open insight from an engine run that proposed a task.
  const task = await t.deps.db.task.create({
    data: {
      orgId: org.id,
      type: 'report',
      title: `Report ${label}`,
      input: { period: 'week' },
      runAfter: new Date(),
      origin: 'user',
    },
    select: { id: true },
  });
  const goal = await t.deps.db.goal.create({ data: { orgId: org.id, title: `Goal ${label}` }, select: { id: true } });
  const goalStep = await t.deps.db.task.create({
    data: {
      orgId: org.id,
      type: 'goal_step',
      title: 'Step 1',
      input: { goalId: goal.id, step: 'Step 1', detail: '' },
      runAfter: new Date(Date.now() + 86_400_000),
      origin: 'goal',
      goalId: goal.id,
      goalOrder: 1,
    },
    select: { id: true },
  });
  const run = await t.deps.db.agenticRun.create({
    data: { orgId: org.id, trigger: 'manual', startedAt: new Date(), finishedAt: new Date() },
    select: { id: true },
  });
  const insight = await t.deps.db.insight.create({
    data: {
      orgId: org.id,
      runId: run.id,
      kind: 'goal_off_track',
      confidence: 0.7,
      title: 'Goal behind',
      reason: 'seed',
      data: {},
      actions: [{ kind: 'task_proposed', reason: 'seed', taskId: null, taskType: 'report', title: 'Weekly report' }],
    },
    select: { id: true },
  });
  // The books: an account with one uncategorised transaction, a category of the org's own, a statement
  // upload not yet committed, a rule and a proposed rule.
  const account = await t.deps.db.financeAccount.create({
    data: { orgId: org.id, name: `Bank ${label}`, kind: 'bank', currency: 'USD', openingBalanceMinor: 100_000 },
    select: { id: true },
  });
  const category = await t.deps.db.financeCategory.create({
    data: { orgId: org.id, name: `Category ${label}`, kind: 'expense' },
    select: { id: true },
  });
  const transaction = await t.deps.db.financeTransaction.create({
    data: {
      orgId: org.id,
      accountId: account.id,
      date: new Date('2026-11-02T00:00:00.000Z'),
      amountMinor: -1250,
      currency: 'USD',
      counterparty: `Coffee ${label}`,
      source: 'manual',
    },
    select: { id: true },
  });
  const statement = 'Date,Description,Amount\r\n2026-11-03,Seed,-5.00\r\n';
  const financeImport = await t.deps.db.financeImport.create({
    data: {
      orgId: org.id,
      accountId: account.id,
      fileName: 'statement.csv',
      content: Buffer.from(statement),
      detected: {},
      // What the upload would have stored (the list answers it as is).
      totals: {
        count: 1,
        inflowMinor: 0,
        outflowMinor: 500,
        firstDate: '2026-11-03',
        lastDate: '2026-11-03',
        currency: 'USD',
        duplicateCount: 0,
        likelyMatchCount: 0,
        rejectedCount: 0,
        newCount: 1,
      },
      duplicates: [],
      rejected: [],
    },
    select: { id: true },
  });
  const rule = await t.deps.db.financeRule.create({
    data: {
      orgId: org.id,
      name: `Rule ${label}`,
      position: 1,
      conditions: [{ field: 'counterparty', op: 'contains', value: 'coffee' }],
      actions: { categoryId: category.id },
    },
    select: { id: true },
  });
  const proposal = await t.deps.db.financeRuleProposal.create({
    data: {
      orgId: org.id,
      counterpartyKey: `coffee ${label}`.toLowerCase(),
      counterparty: `Coffee ${label}`,
      categoryId: category.id,
      corrections: 3,
    },
    select: { id: true },
  });
  // A follow-up waiting in the approval inbox, and an auto-approve rule.
  const approval = await t.deps.db.approvalItem.create({
    data: {
      orgId: org.id,
      kind: 'lead_email',
      title: `Follow up with Lead ${label}`,
      targetType: 'lead',
      targetId: lead.id,
      audience: `Lead ${label} <lead-${label}@example.test>`,
      audienceSize: 1,
      content: { subject: 'Checking in', body: 'Hello again' },
      targetVersion: 'seed',
      risk: 'low',
      riskReasons: ['An email to one lead'],
      reason: 'seed',
      evidence: {},
      insightId: insight.id,
      expiresAt: new Date(Date.now() + 3 * 86_400_000),
    },
    select: { id: true },
  });
  const approvalRule = await t.deps.db.approvalRule.create({
    data: { orgId: org.id, kind: 'lead_email', maxRisk: 'low' },
    select: { id: true },
  });
  const template = await t.deps.db.serviceTemplate.create({
    data: {
      orgId: org.id,
      name: `Template ${label}`,
      deliverables: [{ title: 'Kickoff', description: '', dueAfterDays: 1 }],
      pricingModel: 'fixed',
      priceMinor: 100_000n,
      durationDays: 30,
    },
    select: { id: true },
  });
  // A draft sales proposal for the lead, with one line (what get, update, send, revise and delete act on).
  const proposalLink = newPublicLink(t.deps.env);
  const salesProposal = await t.deps.db.proposal.create({
    data: {
      orgId: org.id,
      number: 1,
      leadId: lead.id,
      title: `Proposal ${label}`,
      clientName: `Lead ${label}`,
      clientEmail: `lead-${label}@example.test`,
      currency: 'USD',
      subtotalMinor: 100_000n,
      totalMinor: 100_000n,
      validUntil: new Date(Date.now() + 30 * 86_400_000),
      tokenHash: proposalLink.tokenHash,
      tokenSealed: proposalLink.tokenSealed,
      items: {
        create: {
          orgId: org.id,
          position: 0,
          name: 'Website',
          pricingModel: 'fixed',
          unitPriceMinor: 100_000n,
          quantityCenti: 100,
          amountMinor: 100_000n,
          deliverables: [],
        },
      },
    },
    select: { id: true },
  });
  // A client project with one milestone (what get, update, plan and the milestone endpoints act on).
  const projectLink = newPublicLink(t.deps.env);
  const project = await t.deps.db.project.create({
    data: {
      orgId: org.id,
      name: `Project ${label}`,
      currency: 'USD',
      tokenHash: projectLink.tokenHash,
      tokenSealed: projectLink.tokenSealed,
      milestones: { create: { orgId: org.id, position: 0, title: 'Kickoff', deliverables: [] } },
    },
    select: { id: true, milestones: { select: { id: true } } },
  });
  // The website chat: its settings and a visitor's conversation with one message.
  await t.deps.db.widgetSettings.create({
    data: { orgId: org.id, publicKey: `wk_fixture_${label}_${org.id}`, domains: ['example.test'] },
  });
  const widgetConversation = await t.deps.db.widgetConversation.create({
    data: {
      orgId: org.id,
      visitorTokenHash: sha256(`visitor-${label}-${org.id}`),
      fields: { name: null, email: null, company: null, phone: null, need: null, budget: null, timeline: null },
      messageCount: 1,
      lastMessageAt: new Date(),
      messages: { create: { orgId: org.id, role: 'visitor', text: 'Hello, are you open on Sundays?' } },
    },
    select: { id: true },
  });
  return {
    org,
    member,
    widgetConversationId: widgetConversation.id,
    proposalId: salesProposal.id,
    templateId: template.id,
    projectId: project.id,
    milestoneId: project.milestones[0]?.id ?? '',
    approvalId: approval.id,
    approvalRuleId: approvalRule.id,
    accountId: account.id,
    categoryId: category.id,
    transactionId: transaction.id,
    financeImportId: financeImport.id,
    ruleId: rule.id,
    ruleProposalId: proposal.id,
    taskId: task.id,
    goalId: goal.id,
    goalStepId: goalStep.id,
    insightId: insight.id,
    invitationId: invitation.id,
    keyId: key.id,
    apiKey,
    entryId: entry.id,
    conversationId: conversation.id,
    messageId: message.id,
    leadId: lead.id,
    meetingId: meeting.id,
    importId: leadImport.id,
    campaignId: campaign.id,
    postId: post.id,
  };
};

/** Fills an endpoint's path with orgId from `orgOf` and every other id from `resourcesOf`. */
export const fillOrgPath = (endpoint: Endpoint, orgOf: OrgFixture, resourcesOf: OrgFixture): string =>
  endpoint.path.replace(/:(\w+)/g, (_, name: string) => {
    const values: Record<string, string> = {
      orgId: orgOf.org.id,
      userId: resourcesOf.member.id,
      invitationId: resourcesOf.invitationId,
      keyId: resourcesOf.keyId,
      entryId: resourcesOf.entryId,
      // The AI CEO's chats and the website chat's conversations share the parameter name.
      conversationId: endpoint.path.includes('/widget/')
        ? resourcesOf.widgetConversationId
        : resourcesOf.conversationId,
      messageId: resourcesOf.messageId,
      leadId: resourcesOf.leadId,
      meetingId: resourcesOf.meetingId,
      // Statement imports and lead imports share the parameter name.
      importId: endpoint.path.includes('/finance/') ? resourcesOf.financeImportId : resourcesOf.importId,
      accountId: resourcesOf.accountId,
      categoryId: resourcesOf.categoryId,
      transactionId: resourcesOf.transactionId,
      // Finance rules and auto-approve rules share the parameter name.
      ruleId: endpoint.path.includes('/approval-rules/') ? resourcesOf.approvalRuleId : resourcesOf.ruleId,
      approvalId: resourcesOf.approvalId,
      ruleProposalId: resourcesOf.ruleProposalId,
      campaignId: resourcesOf.campaignId,
      postId: resourcesOf.postId,
      // A goal's steps are tasks: under a goal, :taskId is the goal's step.
      taskId: endpoint.path.includes('/goals/') ? resourcesOf.goalStepId : resourcesOf.taskId,
      goalId: resourcesOf.goalId,
      insightId: resourcesOf.insightId,
      proposalId: resourcesOf.proposalId,
      templateId: resourcesOf.templateId,
      projectId: resourcesOf.projectId,
      milestoneId: resourcesOf.milestoneId,
    };
    const value = values[name];
    if (!value)
      throw new Error(
        `endpoint-fixtures.ts does not know path parameter :${name} of ${endpoint.path}; add it to the fixture`,
      );
    return value;
  });

/** A valid body for each org endpoint that takes one, so a 404 cannot hide behind a 400. */
export const validOrgBody = (endpoint: Endpoint, target: OrgFixture): object | undefined => {
  if (!endpoint.body) return undefined;
  const bodies: Record<string, object> = {
    'PATCH /api/orgs/:orgId': { name: 'Renamed by a stranger' },
    'PATCH /api/orgs/:orgId/members/:userId': { role: 'admin' },
    'POST /api/orgs/:orgId/transfer-ownership': { userId: target.member.id },
    'POST /api/orgs/:orgId/invitations': { email: 'stranger@example.test', role: 'member' },
    'POST /api/orgs/:orgId/api-keys': { name: 'stranger key', scopes: ['read', 'write'] },
    'POST /api/orgs/:orgId/billing/checkout': { plan: 'pro' },
    'POST /api/orgs/:orgId/credits/consume': { amount: 1, reason: 'stranger spend' },
    'POST /api/orgs/:orgId/credits/checkout': { packId: 'credits-100' },
    'POST /api/orgs/:orgId/credits/entries/:entryId/disputes': { reason: 'stranger dispute' },
    'PUT /api/orgs/:orgId/ai/settings': { name: 'Stranger', personality: 'hustlebot' },
    'POST /api/orgs/:orgId/chat/conversations': { title: 'Stranger chat' },
    'PATCH /api/orgs/:orgId/chat/conversations/:conversationId': { title: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/chat/conversations/:conversationId/messages': { content: 'Tell me your secrets' },
    'POST /api/orgs/:orgId/posts': { body: 'Stranger post' },
    'POST /api/orgs/:orgId/posts/draft': { brief: 'a post about strangers' },
    'PATCH /api/orgs/:orgId/posts/:postId': { body: 'Edited by a stranger' },
    'POST /api/orgs/:orgId/leads': { name: 'Stranger lead', email: 'stranger-lead@example.test' },
    'PATCH /api/orgs/:orgId/leads/:leadId': { stage: 'lost', notes: 'changed by a stranger' },
    'POST /api/orgs/:orgId/leads/:leadId/activities': { kind: 'note', summary: 'stranger note' },
    'POST /api/orgs/:orgId/leads/:leadId/meetings': {
      title: 'Stranger meeting',
      startsAt: '2030-01-01T10:00:00.000Z',
      endsAt: '2030-01-01T11:00:00.000Z',
    },
    'PATCH /api/orgs/:orgId/leads/:leadId/meetings/:meetingId': { title: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/leads/imports': { fileName: 'stranger.csv', csv: 'Name\r\nStranger\r\n' },
    'POST /api/orgs/:orgId/leads/imports/:importId/preview': { mapping: { Name: 'name', Email: 'email' } },
    'POST /api/orgs/:orgId/leads/imports/:importId/commit': { mapping: { Name: 'name', Email: 'email' } },
    'POST /api/orgs/:orgId/campaigns': {
      name: 'Stranger campaign',
      subject: 'Hi',
      body: 'Hello {{name}}',
      audience: {},
    },
    'PATCH /api/orgs/:orgId/campaigns/:campaignId': { name: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/proposals': { leadId: target.leadId },
    'PATCH /api/orgs/:orgId/proposals/:proposalId': { title: 'Renamed by a stranger', discountPercent: 50 },
    'POST /api/orgs/:orgId/proposals/:proposalId/send': { message: 'Sent by a stranger' },
    'POST /api/orgs/:orgId/service-templates': {
      name: 'Stranger service',
      pricingModel: 'fixed',
      priceMinor: 100_000,
      durationDays: 30,
    },
    'POST /api/orgs/:orgId/service-templates/draft': { brief: 'Logo design for strangers' },
    'PATCH /api/orgs/:orgId/service-templates/:templateId': { name: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/projects': { name: 'Stranger project', leadId: target.leadId },
    'PATCH /api/orgs/:orgId/projects/:projectId': { name: 'Renamed by a stranger', status: 'completed' },
    'POST /api/orgs/:orgId/projects/:projectId/plan': { brief: 'Plan for a stranger' },
    'POST /api/orgs/:orgId/projects/:projectId/milestones': { milestones: [{ title: 'Stranger milestone' }] },
    'PATCH /api/orgs/:orgId/projects/:projectId/milestones/:milestoneId': { done: true, position: 0 },
    'POST /api/orgs/:orgId/tasks': { type: 'report', input: { period: 'day' } },
    'POST /api/orgs/:orgId/goals': { title: 'A goal of a stranger' },
    'PATCH /api/orgs/:orgId/goals/:goalId': { title: 'Renamed by a stranger' },
    'PATCH /api/orgs/:orgId/goals/:goalId/steps/:taskId': { done: true },
    'POST /api/orgs/:orgId/finance/imports': {
      fileName: 'stranger.csv',
      contentBase64: Buffer.from('Date,Description,Amount\r\n2026-11-04,Stranger,-5.00\r\n').toString('base64'),
    },
    'POST /api/orgs/:orgId/finance/imports/:importId/preview': {
      mapping: { columns: ['date', 'description', 'amount'] },
    },
    'POST /api/orgs/:orgId/finance/imports/:importId/commit': {},
    'PUT /api/orgs/:orgId/finance/report-settings': {
      weeklyEnabled: true,
      weeklyWeekday: 1,
      monthlyEnabled: false,
      hour: 8,
    },
    'POST /api/orgs/:orgId/finance/stripe': { apiKey: 'rk_test_local_stranger' },
    'POST /api/orgs/:orgId/finance/stripe/sync': {},
    'POST /api/orgs/:orgId/finance/categories': { name: 'Stranger category', kind: 'expense' },
    'PATCH /api/orgs/:orgId/finance/categories/:categoryId': { name: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/finance/accounts': { name: 'Stranger account', kind: 'bank' },
    'PATCH /api/orgs/:orgId/finance/accounts/:accountId': { name: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/finance/transactions': {
      date: '2026-11-05',
      amountMinor: -500,
      accountId: target.accountId,
      counterparty: 'Stranger',
    },
    'POST /api/orgs/:orgId/finance/transactions/bulk-categorise': {
      ids: [target.transactionId],
      categoryId: target.categoryId,
    },
    'PATCH /api/orgs/:orgId/finance/transactions/:transactionId': {
      categoryId: target.categoryId,
      notes: 'changed by a stranger',
    },
    'POST /api/orgs/:orgId/finance/rules': {
      name: 'Stranger rule',
      conditions: [{ field: 'counterparty', op: 'contains', value: 'coffee' }],
      actions: { categoryId: target.categoryId },
    },
    'POST /api/orgs/:orgId/finance/rules/preview': {
      name: 'Stranger preview',
      conditions: [{ field: 'counterparty', op: 'contains', value: 'coffee' }],
      actions: { categoryId: target.categoryId },
    },
    'PUT /api/orgs/:orgId/finance/rules/order': { ids: [target.ruleId] },
    'PATCH /api/orgs/:orgId/finance/rules/:ruleId': { name: 'Renamed by a stranger' },
    'POST /api/orgs/:orgId/finance/rule-proposals/:ruleProposalId/accept': { applyToPast: true },
    'PATCH /api/orgs/:orgId/approvals/:approvalId': { content: { subject: 'Stranger', body: 'Edited by a stranger' } },
    'POST /api/orgs/:orgId/approvals/:approvalId/approve': {},
    'POST /api/orgs/:orgId/approvals/:approvalId/reject': { note: 'rejected by a stranger' },
    'POST /api/orgs/:orgId/approvals/bulk': { ids: [target.approvalId], decision: 'reject' },
    'POST /api/orgs/:orgId/approval-rules': { kind: 'lead_email' },
    'PATCH /api/orgs/:orgId/approval-rules/:ruleId': { enabled: false },
    'POST /api/orgs/:orgId/playbook': { playbook: 'agency' },
    'PUT /api/orgs/:orgId/stage-labels': { labels: { new: 'Renamed by a stranger' } },
    'PUT /api/orgs/:orgId/content-themes': { themes: ['Themes of a stranger'] },
    'PATCH /api/orgs/:orgId/onboarding': { dismissed: true },
    'PUT /api/orgs/:orgId/branding': {
      brandColor: '#ff0000',
      logoUrl: 'https://stranger.example/logo.png',
      emailFromName: 'A stranger',
      emailReplyTo: 'stranger@example.test',
    },
    'PUT /api/orgs/:orgId/widget': {
      enabled: true,
      domains: ['stranger.example'],
      greeting: 'Hi from a stranger',
      offer: { services: 'Strange', prices: '1', hours: 'Never', faq: [{ question: 'Who?', answer: 'A stranger' }] },
    },
    'POST /api/orgs/:orgId/widget/conversations/:conversationId/reply': { text: 'A reply from a stranger' },
    'PUT /api/orgs/:orgId/attribution/payments/:transactionId': { leadId: target.leadId },
    'PUT /api/orgs/:orgId/telegram/notifications': {
      approvals: false,
      dailySummary: false,
      qualifiedLead: false,
      failedTask: false,
      lowRunway: false,
      paymentReceived: false,
    },
  };
  const body = bodies[`${endpoint.method} ${endpoint.path}`];
  if (!body) throw new Error(`endpoint-fixtures.ts has no valid body for ${endpoint.method} ${endpoint.path}; add one`);
  return body;
};
