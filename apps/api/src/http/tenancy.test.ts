import request from 'supertest';
import { allEndpoints } from '@aiceo/shared/endpoints';
import type { Endpoint } from '@aiceo/shared/contract';
import { fillOrgPath, seedOrgFixture, validOrgBody, type OrgFixture } from '../testing/endpoint-fixtures';
import { bearer } from '../testing/seed';
import { createTestContext, type TestContext } from '../testing/test-app';

// Tenancy, for every org-scoped endpoint in the contract (new ones are covered automatically):
// a caller from org A can neither read, change nor detect org B's records.
const orgEndpoints = allEndpoints.filter((e) => e.auth.kind === 'org');

const send = (t: TestContext, endpoint: Endpoint, options: { path: string; token: string; target: OrgFixture }) => {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const req = request(t.app)[method](options.path).set(bearer(options.token));
  const body = validOrgBody(endpoint, options.target);
  return body ? req.send(body) : req;
};

/** Everything of org B that a request could change, to compare before and after. */
const snapshot = async (t: TestContext, orgId: string) => ({
  org: await t.deps.db.organization.findUnique({ where: { id: orgId } }),
  memberships: await t.deps.db.membership.findMany({ where: { orgId }, orderBy: { userId: 'asc' } }),
  invitations: await t.deps.db.invitation.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  apiKeys: await t.deps.db.apiKey.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  creditWallet: await t.deps.db.creditWallet.findUnique({ where: { orgId } }),
  creditEntries: await t.deps.db.creditEntry.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  creditDisputes: await t.deps.db.creditDispute.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  aiSettings: await t.deps.db.aiSettings.findUnique({ where: { orgId } }),
  aiCalls: await t.deps.db.aiCall.count({ where: { orgId } }),
  conversations: await t.deps.db.chatConversation.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  chatMessages: await t.deps.db.chatMessage.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeAccounts: await t.deps.db.financeAccount.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeCategories: await t.deps.db.financeCategory.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeTransactions: await t.deps.db.financeTransaction.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeImports: await t.deps.db.financeImport.findMany({
    where: { orgId },
    orderBy: { id: 'asc' },
    omit: { content: true },
  }),
  financeRules: await t.deps.db.financeRule.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeCorrections: await t.deps.db.financeCorrection.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeProposals: await t.deps.db.financeRuleProposal.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  financeStripe: await t.deps.db.financeStripeConnection.findUnique({ where: { orgId } }),
  financeReportSettings: await t.deps.db.financeReportSettings.findUnique({ where: { orgId } }),
  usage: await t.deps.db.usageCounter.findMany({ where: { orgId }, orderBy: { resource: 'asc' } }),
  contentPosts: await t.deps.db.contentPost.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  integrations: await t.deps.db.integration.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  oauthStates: await t.deps.db.oAuthState.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  leads: await t.deps.db.lead.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  leadActivities: await t.deps.db.leadActivity.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  meetings: await t.deps.db.meeting.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  leadImports: await t.deps.db.leadImport.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  campaigns: await t.deps.db.emailCampaign.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  campaignRecipients: await t.deps.db.campaignRecipient.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  tasks: await t.deps.db.task.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  goals: await t.deps.db.goal.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  agenticRuns: await t.deps.db.agenticRun.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
  insights: await t.deps.db.insight.findMany({ where: { orgId }, orderBy: { id: 'asc' } }),
});

describe('org-scoped endpoints across organisations', () => {
  let t: TestContext;
  let a: OrgFixture;
  let b: OrgFixture;
  beforeAll(async () => {
    t = await createTestContext();
    a = await seedOrgFixture(t, 'a');
    b = await seedOrgFixture(t, 'b');
  });
  afterAll(() => t.close());

  it('when the contract is read, then there are org-scoped endpoints to check', () => {
    expect(orgEndpoints.length).toBeGreaterThanOrEqual(10);
  });

  it.each(orgEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    'when the owner of org A calls %s on org B, then it answers 404 and B is unchanged',
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, b, b), token: a.org.owner.token, target: b });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  it.each(orgEndpoints.map((e) => [`${e.method} ${e.path}`, e] as const))(
    'when an API key of org A calls %s on org B, then it answers 404 and B is unchanged',
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, b, b), token: a.apiKey, target: b });
      expect(res.status).toBe(404);
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  const withResourceIds = orgEndpoints.filter((e) => /:(?!orgId)\w+/.test(e.path));
  it.each(withResourceIds.map((e) => [`${e.method} ${e.path}`, e] as const))(
    "when the owner of org A calls %s on A's path with B's record id, then it answers 404 and B is unchanged",
    async (_name, endpoint) => {
      const before = await snapshot(t, b.org.id);
      const res = await send(t, endpoint, { path: fillOrgPath(endpoint, a, b), token: a.org.owner.token, target: b });
      expect(res.status).toBe(404);
      expect(await snapshot(t, b.org.id)).toEqual(before);
    },
  );

  it('when the owner of org A lists organisations, then only A is listed', async () => {
    const res = await request(t.app).get('/api/orgs').set(bearer(a.org.owner.token));
    expect(res.status).toBe(200);
    expect(res.body.items.map((o: { id: string }) => o.id)).toEqual([a.org.id]);
  });
});
