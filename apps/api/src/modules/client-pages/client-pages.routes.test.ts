import request from 'supertest';
import { startEmbeddedStripe } from '@aiceo/stand-ins/stripe/embedded';
import type { StripeStandIn } from '@aiceo/stand-ins/stripe/stand-in';
import { proposalTotals, toCenti, type PricingModel, type ProposalStatus } from '@aiceo/shared/proposals';
import { monthKey } from '@aiceo/shared/plans';
import { newPublicLink, publicTokenHash } from '../../lib/public-links';
import { addMember, bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { clientPageLimits } from './client-limits';

// The client's pages through the app: the proposal page, accepting (lead won, project made, in one
// transaction), declining, the deposit through the org's own Stripe (the local stand-in, through
// the official SDK) into the books, and the project's progress page.

const DAY_MS = 86_400_000;
let t: TestContext;
let standIn: StripeStandIn;

beforeAll(async () => {
  const holder: { t?: TestContext } = {};
  standIn = await startEmbeddedStripe({
    priceIds: { pro: 'price_local_pro', enterprise: 'price_local_enterprise' },
    now: () => Math.floor((holder.t?.clock.now() ?? new Date()).getTime() / 1000),
  });
  t = await createTestContext({
    env: {
      STRIPE_SECRET_KEY: standIn.secretKey,
      STRIPE_WEBHOOK_SECRET: standIn.webhookSecret,
      STRIPE_API_HOST: standIn.host,
      STRIPE_API_PORT: String(standIn.port),
      STRIPE_API_PROTOCOL: standIn.protocol,
    },
  });
  holder.t = t;
});
afterAll(async () => {
  await standIn.close();
  await t.close();
});

type ItemSeed = {
  name: string;
  description?: string;
  pricingModel?: PricingModel;
  unitPriceMinor: number;
  quantity: number;
  durationDays?: number;
  deliverables?: { title: string; description?: string; dueAfterDays: number }[];
};
type ProposalSeed = {
  title?: string;
  status?: ProposalStatus;
  validUntil?: string;
  coverLetter?: string;
  terms?: string;
  depositPercent?: number;
  withLead?: boolean;
  createdById?: string;
  items?: ItemSeed[];
};

const today = () => t.clock.now().toISOString().slice(0, 10);
const dayFrom = (day: string, days: number) =>
  new Date(new Date(`${day}T00:00:00.000Z`).getTime() + days * DAY_MS).toISOString().slice(0, 10);
let number = 0;

const DEFAULT_ITEMS: ItemSeed[] = [
  {
    name: 'Website design',
    description: 'A fresh look',
    unitPriceMinor: 150_000,
    quantity: 1,
    durationDays: 30,
    deliverables: [
      { title: 'Wireframes', dueAfterDays: 7 },
      { title: 'Final design', description: 'All pages', dueAfterDays: 21 },
    ],
  },
  { name: 'Support', pricingModel: 'hourly', unitPriceMinor: 8_000, quantity: 2.5, durationDays: 45 },
];

/** A proposal as the owner's side stores it (totals from proposalTotals), with its public token. */
const seedProposal = async (org: SeededOrg, seed: ProposalSeed = {}) => {
  const items = seed.items ?? DEFAULT_ITEMS;
  const totals = proposalTotals({
    items,
    discountPercent: 10,
    taxPercent: 20,
    depositPercent: seed.depositPercent ?? 0,
  });
  const lead =
    seed.withLead === false
      ? null
      : await t.deps.db.lead.create({
          data: { orgId: org.id, name: 'Ada Client', company: 'Acme', stage: 'proposal' },
          select: { id: true },
        });
  const link = newPublicLink(t.deps.env);
  const proposal = await t.deps.db.proposal.create({
    data: {
      orgId: org.id,
      number: ++number,
      leadId: lead?.id ?? null,
      title: seed.title ?? 'Website refresh',
      status: seed.status ?? 'sent',
      clientName: 'Ada Client',
      clientCompany: 'Acme',
      clientEmail: `ada-${number}@client.example`,
      currency: 'USD',
      discountBps: 1000,
      taxBps: 2000,
      depositPercent: seed.depositPercent ?? 0,
      subtotalMinor: BigInt(totals.subtotalMinor),
      discountMinor: BigInt(totals.discountMinor),
      taxMinor: BigInt(totals.taxMinor),
      totalMinor: BigInt(totals.totalMinor),
      depositMinor: BigInt(totals.depositMinor),
      coverLetter: seed.coverLetter ?? 'Dear Ada,\n\nThank you for your time.',
      terms: seed.terms ?? 'Payment within 14 days.',
      validUntil: new Date(`${seed.validUntil ?? dayFrom(today(), 30)}T00:00:00.000Z`),
      tokenHash: link.tokenHash,
      tokenSealed: link.tokenSealed,
      sentAt: t.clock.now(),
      createdById: seed.createdById ?? null,
      items: {
        create: items.map((item, position) => ({
          orgId: org.id,
          position,
          name: item.name,
          description: item.description ?? '',
          pricingModel: item.pricingModel ?? 'fixed',
          unitPriceMinor: BigInt(item.unitPriceMinor),
          quantityCenti: toCenti(item.quantity),
          amountMinor: BigInt(totals.lines[position] ?? 0),
          deliverables: (item.deliverables ?? []).map((d) => ({ description: '', ...d })),
          durationDays: item.durationDays ?? 0,
        })),
      },
    },
    select: { id: true },
  });
  return { id: proposal.id, token: link.token, leadId: lead?.id ?? null, totals };
};

const page = (token: string) => `/api/public/proposals/${token}`;
const acceptForm = (token: string, name = 'Ada Client') =>
  request(t.app)
    .post(`${page(token)}/accept`)
    .type('form')
    .send({ name, acceptTerms: 'on' });
const proposalRow = (id: string) => t.deps.db.proposal.findUniqueOrThrow({ where: { id } });
const mailsTo = (to: string) => t.deps.db.mailOutbox.findMany({ where: { to } });
const emailsUsed = async (orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'emails' }, select: { used: true } }))?.used ?? 0;

describe('GET /api/orgs/:orgId/proposals/:proposalId/preview', () => {
  it("when a member previews a draft, then the client's page shows under the banner with the forms disabled and nothing changes; another org gets a 404", async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Preview Studio' });
    const viewer = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const draft = await seedProposal(org, { status: 'draft', title: 'Draft <deal>' });
    const sent = await seedProposal(org);
    const other = await seedOrg(t.deps);
    const url = (orgId: string, id: string) => `/api/orgs/${orgId}/proposals/${id}/preview`;

    // Act
    const res = await request(t.app).get(url(org.id, draft.id)).set(bearer(viewer.token));
    const ofSent = await request(t.app).get(url(org.id, sent.id)).set(bearer(org.owner.token));
    const elsewhere = await request(t.app).get(url(other.id, draft.id)).set(bearer(other.owner.token));
    const anonymous = await request(t.app).get(url(org.id, draft.id));

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(
      'Preview: this is what your client sees. Accepting and declining work only from the link you send.',
    );
    expect(res.text).toContain('Draft &lt;deal&gt;');
    expect(res.text).toContain('Total</dt><dd>$1,836.00');
    expect(res.text).toContain('<fieldset disabled>');
    expect(res.text).toContain('name="acceptTerms"');
    expect(res.text).not.toContain('action=');
    expect(res.text).not.toContain('being updated');
    expect(res.text).not.toContain(draft.token);
    expect(ofSent.status).toBe(200);
    expect(ofSent.text).toContain('Preview: this is what your client sees.');
    expect(ofSent.text).not.toContain(sent.token);
    expect(await proposalRow(draft.id)).toMatchObject({ status: 'draft', viewedAt: null });
    expect(await proposalRow(sent.id)).toMatchObject({ status: 'sent', viewedAt: null });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('NOT_FOUND');
    expect(elsewhere.text).not.toContain('Draft');
    expect(anonymous.status).toBe(401);
  });
});

describe('GET /api/public/proposals/:token', () => {
  it('when the client opens the link, then the page shows this proposal escaped, marks it viewed once and leaks nothing else', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Studio <North>' });
    await t.deps.db.organization.update({
      where: { id: org.id },
      data: { brandColor: '#aa3300', logoUrl: 'https://studio.example/logo.png' },
    });
    const proposal = await seedProposal(org, {
      title: 'Site <script>alert(1)</script>',
      coverLetter: 'Dear Ada,\n\nWe <b>love</b> this.',
    });
    await seedProposal(org, { title: 'Another client secret deal' });
    const other = await seedOrg(t.deps, { name: 'Other org' });
    await seedProposal(other, { title: 'Other org proposal' });

    // Act
    const first = await request(t.app).get(page(proposal.token));
    const viewed = await proposalRow(proposal.id);
    t.clock.advance(60_000);
    const second = await request(t.app).get(page(proposal.token));

    // Assert
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/html/);
    expect(first.headers).toMatchObject({
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex, nofollow',
      'referrer-policy': 'no-referrer',
    });
    const html = first.text;
    expect(html).toContain('Site &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script|\son\w+=/i);
    expect(html).toContain('<p>We &lt;b&gt;love&lt;/b&gt; this.</p>');
    expect(html).toContain('Studio &lt;North&gt;');
    expect(html).toContain('--a:#aa3300');
    expect(html).toContain('src="https://studio.example/logo.png"');
    expect(html).toContain('Wireframes');
    expect(html).toContain('2.5 hours × $80.00');
    expect(html).toContain(`Total</dt><dd>$1,836.00`);
    expect(html).toContain('name="acceptTerms"');
    expect(html).toContain(`action="/api/public/proposals/${proposal.token}/accept"`);
    expect(html).not.toContain('Another client secret deal');
    expect(html).not.toContain('Other org');
    expect(viewed.status).toBe('viewed');
    expect(viewed.viewedAt).not.toBeNull();
    expect(second.status).toBe(200);
    expect((await proposalRow(proposal.id)).viewedAt).toEqual(viewed.viewedAt);
  });

  it('when the token is unknown or cut off, then the page says the link is not valid (404); an absurd one is a 400 envelope', async () => {
    // Act
    const unknown = await request(t.app).get(page('b'.repeat(43)));
    const cutOff = await request(t.app).get(page('b'.repeat(20)));
    const absurd = await request(t.app).get(page('b'.repeat(201)));

    // Assert
    for (const res of [unknown, cutOff]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('This link is not valid');
    }
    expect(absurd.status).toBe(400);
    expect(absurd.body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('when the proposal is a draft, expired by date or declined, then the page says so without the forms', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const draft = await seedProposal(org, { status: 'draft' });
    const expired = await seedProposal(org, { validUntil: dayFrom(today(), -1) });

    // Act
    const draftPage = await request(t.app).get(page(draft.token));
    const expiredPage = await request(t.app).get(page(expired.token));

    // Assert
    expect(draftPage.text).toContain('This proposal is being updated; you will get the new version');
    expect(draftPage.text).not.toContain('<form');
    expect((await proposalRow(draft.id)).status).toBe('draft');
    expect(expiredPage.text).toContain('This proposal expired on');
    expect(expiredPage.text).not.toContain('<form');
  });

  it('when one link is asked for too often, then a 429 page in plain words', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const proposal = await seedProposal(org);
    const bucket = clientPageLimits.viewsPerLink(publicTokenHash(proposal.token));
    for (let i = 0; i < bucket.limit; i++) await t.deps.rateLimiter.hit(bucket.key, bucket);

    // Act
    const res = await request(t.app).get(page(proposal.token));

    // Assert
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).toContain('Please wait');
    expect((await proposalRow(proposal.id)).status).toBe('sent');
  });
});

describe('POST /api/public/proposals/:token/accept', () => {
  it('when the client accepts by form, then the lead is won, the project is made with dated milestones, and a second accept is a 409', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const author = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const proposal = await seedProposal(org, { createdById: author.id });

    // Act
    const res = await acceptForm(proposal.token, 'Ada Q. Client').set('user-agent', 'TestBrowser/1.0');
    const again = await acceptForm(proposal.token);

    // Assert
    expect(res.status).toBe(200);
    expect(res.text).toContain('Thank you, the proposal is accepted');
    expect(res.text).toContain('Accepted by Ada Q. Client on');
    expect(res.text).not.toContain('<form');
    const row = await proposalRow(proposal.id);
    expect(row).toMatchObject({
      status: 'accepted',
      acceptedName: 'Ada Q. Client',
      acceptedUserAgent: 'TestBrowser/1.0',
    });
    expect(row.acceptedIp).toMatch(/127\.0\.0\.1/);
    expect(row.depositUrl).toBeNull();
    const lead = await t.deps.db.lead.findUniqueOrThrow({ where: { id: proposal.leadId ?? '' } });
    expect(lead).toMatchObject({ stage: 'won', valueCents: proposal.totals.totalMinor, score: 100, activityCount: 1 });
    const activity = await t.deps.db.leadActivity.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(activity.summary).toMatch(/^Proposal P-\d+ accepted by Ada Q\. Client$/);
    const project = await t.deps.db.project.findFirstOrThrow({
      where: { orgId: org.id, proposalId: proposal.id },
      include: { milestones: { orderBy: { position: 'asc' } } },
    });
    const start = today();
    expect(project).toMatchObject({ name: 'Website refresh', leadId: lead.id, budgetMinor: 183_600n, currency: 'USD' });
    expect(project.startDate?.toISOString().slice(0, 10)).toBe(start);
    expect(project.dueDate?.toISOString().slice(0, 10)).toBe(dayFrom(start, 45));
    expect(project.milestones.map((m) => [m.title, m.dueDate?.toISOString().slice(0, 10)])).toEqual([
      ['Wireframes', dayFrom(start, 7)],
      ['Final design', dayFrom(start, 21)],
      ['Support', dayFrom(start, 45)],
    ]);
    expect(again.status).toBe(409);
    expect(again.text).toContain('This proposal was already accepted.');
    expect(await t.deps.db.project.count({ where: { proposalId: proposal.id } })).toBe(1);
    // The author hears of it once (the second accept lost), the owner not at all.
    const mails = await mailsTo(author.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`P-${row.number} accepted by Ada Q. Client`);
    expect(mails[0]?.text).toContain('Total: $1,836.00');
    expect(mails[0]?.text).toContain('No deposit was asked.');
    expect(mails[0]?.text).toContain(`http://localhost:5173/orgs/${org.id}/projects/${project.id}`);
    expect(await mailsTo(org.owner.email)).toHaveLength(0);
  });

  it('when the client accepts by JSON, then it is accepted; a missing tick is a 400', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const proposal = await seedProposal(org, { withLead: false });

    // Act
    const unticked = await request(t.app)
      .post(`${page(proposal.token)}/accept`)
      .send({ name: 'Ada' });
    const res = await request(t.app)
      .post(`${page(proposal.token)}/accept`)
      .send({ name: 'Ada', acceptTerms: true });

    // Assert
    expect(unticked.status).toBe(400);
    expect(unticked.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.status).toBe(200);
    expect((await proposalRow(proposal.id)).status).toBe('accepted');
    expect(await t.deps.db.project.count({ where: { proposalId: proposal.id } })).toBe(1);
  });

  it('when two tabs accept at once, then exactly one project is made', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const proposal = await seedProposal(org);

    // Act
    const answers = await Promise.all([
      acceptForm(proposal.token),
      acceptForm(proposal.token),
      acceptForm(proposal.token),
    ]);

    // Assert
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await t.deps.db.project.count({ where: { proposalId: proposal.id } })).toBe(1);
    expect(await t.deps.db.leadActivity.count({ where: { leadId: proposal.leadId ?? '' } })).toBe(1);
  });

  it('when the proposal expired by date or is being revised, then a 409 page says why and nothing changes', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const expired = await seedProposal(org, { validUntil: dayFrom(today(), -1) });
    const draft = await seedProposal(org, { status: 'draft' });

    // Act
    const late = await acceptForm(expired.token);
    const revising = await acceptForm(draft.token);

    // Assert
    expect(late.status).toBe(409);
    expect(late.text).toContain('This proposal has expired');
    expect(revising.status).toBe(409);
    expect(revising.text).toContain('being updated');
    expect((await proposalRow(expired.id)).status).toBe('sent');
    expect(await t.deps.db.project.count({ where: { proposalId: { in: [expired.id, draft.id] } } })).toBe(0);
  });
});

describe('POST /api/public/proposals/:token/decline', () => {
  it('when the client declines with a reason, then it is declined and logged, and accepting afterwards is a 409', async () => {
    // Arrange: the author left the org, so the owners and admins hear of it.
    const org = await seedOrg(t.deps);
    const admin = await addMember(t.deps, { orgId: org.id, role: 'admin' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const gone = await seedOrg(t.deps);
    const proposal = await seedProposal(org, { createdById: gone.owner.id });

    // Act
    const res = await request(t.app)
      .post(`${page(proposal.token)}/decline`)
      .type('form')
      .send({ reason: 'Over our budget <sorry>' });
    const accept = await acceptForm(proposal.token);
    const view = await request(t.app).get(page(proposal.token));

    // Assert
    expect(res.status).toBe(200);
    expect(res.text).toContain('You declined this proposal');
    expect(await proposalRow(proposal.id)).toMatchObject({
      status: 'declined',
      declineReason: 'Over our budget <sorry>',
    });
    const activity = await t.deps.db.leadActivity.findFirstOrThrow({ where: { leadId: proposal.leadId ?? '' } });
    expect(activity.summary).toContain('declined: Over our budget <sorry>');
    expect(accept.status).toBe(409);
    expect(accept.text).toContain('was declined');
    expect(view.text).toContain('You declined this proposal on');
    const lead = await t.deps.db.lead.findUniqueOrThrow({ where: { id: proposal.leadId ?? '' } });
    expect(lead.stage).toBe('proposal');
    const row = await proposalRow(proposal.id);
    for (const to of [org.owner.email, admin.email]) {
      const mails = await mailsTo(to);
      expect(mails).toHaveLength(1);
      expect(mails[0]?.subject).toBe(`P-${row.number} declined: Over our budget <sorry>`);
      expect(mails[0]?.text).toContain(`http://localhost:5173/orgs/${org.id}/proposals/${proposal.id}`);
    }
    expect(await mailsTo(member.email)).toHaveLength(0);
    expect(await mailsTo(gone.owner.email)).toHaveLength(0);
  });
});

describe("the deposit through the org's own Stripe", () => {
  let keyCounter = 0;
  const connectStripe = async (org: SeededOrg) => {
    const apiKey = `rk_test_local_deposit${++keyCounter}x${Math.random().toString(36).slice(2, 10)}`;
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/finance/stripe`)
      .set(bearer(org.owner.token))
      .send({ apiKey });
    expect(res.status).toBe(201);
    return apiKey;
  };

  it('when a proposal with a deposit is accepted and paid, then the payment lands in the books tagged to the lead and project, and the proposal is marked paid', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Deposit Studio' });
    await connectStripe(org);
    const proposal = await seedProposal(org, { depositPercent: 30 });

    // Act: accept, follow the link to the hosted page and pay, then sync the books.
    const accepted = await acceptForm(proposal.token);
    const row = await proposalRow(proposal.id);
    const paid = await fetch(`${row.depositUrl ?? ''}/pay`, { method: 'POST', redirect: 'manual' });
    const sync = await request(t.app)
      .post(`/api/orgs/${org.id}/finance/stripe/sync`)
      .set(bearer(org.owner.token))
      .send({});
    const afterwards = await request(t.app).get(page(proposal.token));

    // Assert
    expect(accepted.status).toBe(200);
    expect(row.depositUrl).toMatch(new RegExp(`^${standIn.url}/checkout/cs_test_`));
    expect(row.depositSessionId).toMatch(/^cs_test_/);
    expect(accepted.text).toContain(`href="${row.depositUrl ?? ''}"`);
    expect(accepted.text).toContain('Pay deposit');
    const mail = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to: row.clientEmail } });
    expect(mail.subject).toMatch(/^Deposit for P-\d+: Website refresh$/);
    expect(mail.text).toContain(row.depositUrl ?? '');
    expect(mail.text).toContain('$550.80');
    expect(await emailsUsed(org.id)).toBe(1);
    const news = await mailsTo(org.owner.email);
    expect(news.map((m) => m.subject)).toEqual([`P-${row.number} accepted by Ada Client`]);
    expect(news[0]?.text).toContain('Deposit of $550.80: due; the client has a Stripe payment link on their page.');
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://localhost:5173/api/public/proposals/${proposal.token}`);
    expect(sync.status).toBe(200);
    const project = await t.deps.db.project.findFirstOrThrow({ where: { proposalId: proposal.id } });
    const deposit = await t.deps.db.financeTransaction.findFirstOrThrow({
      where: { orgId: org.id, source: 'stripe', amountMinor: 55_080n },
    });
    expect(deposit).toMatchObject({
      leadId: proposal.leadId,
      projectId: project.id,
      description: `Deposit for P-${row.number}`,
    });
    expect((await proposalRow(proposal.id)).depositPaidAt).not.toBeNull();
    expect(afterwards.text).toContain('Your deposit of $550.80 was received');
  });

  it('when the email allowance is used up, then the deposit link is not mailed but still on the page', async () => {
    // Arrange: the free plan's 3 emails are spent.
    const org = await seedOrg(t.deps);
    await connectStripe(org);
    await t.deps.db.usageCounter.create({
      data: { orgId: org.id, month: monthKey(t.clock.now()), resource: 'emails', used: 3 },
    });
    const proposal = await seedProposal(org, { depositPercent: 30 });

    // Act
    const res = await acceptForm(proposal.token);

    // Assert
    const row = await proposalRow(proposal.id);
    expect(res.status).toBe(200);
    expect(row.depositUrl).toMatch(/\/checkout\/cs_test_/);
    expect(res.text).toContain('Pay deposit');
    expect(await mailsTo(row.clientEmail)).toHaveLength(0);
    expect(await emailsUsed(org.id)).toBe(3);
  });

  it('when Stripe refuses the key, then the acceptance stands and the page says the link will follow', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const key = await connectStripe(org);
    standIn.restricted.revoke(key);
    const proposal = await seedProposal(org, { depositPercent: 50 });

    // Act
    const res = await acceptForm(proposal.token);

    // Assert
    expect(res.status).toBe(200);
    expect(res.text).toContain('will send you a link to pay it');
    expect(res.text).not.toContain('Pay deposit');
    expect(await proposalRow(proposal.id)).toMatchObject({
      status: 'accepted',
      depositUrl: null,
      depositSessionId: null,
    });
    expect(await t.deps.db.project.count({ where: { proposalId: proposal.id } })).toBe(1);
  });
});

describe('GET /api/public/projects/:token', () => {
  it('when the client follows the project link, then it shows progress and milestones and nothing else; unknown is a 404', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Progress Studio' });
    const proposal = await seedProposal(org);
    const accepted = await acceptForm(proposal.token);
    const projectPath = /href="http:\/\/localhost:5173(\/api\/public\/projects\/[A-Za-z0-9_-]{43})"/.exec(
      accepted.text,
    )?.[1];
    const project = await t.deps.db.project.findFirstOrThrow({
      where: { proposalId: proposal.id },
      include: { milestones: { orderBy: { position: 'asc' } } },
    });
    await t.deps.db.projectMilestone.update({
      where: { id: project.milestones[0]?.id ?? '' },
      data: { doneAt: t.clock.now() },
    });
    await t.deps.db.projectMilestone.update({
      where: { id: project.milestones[1]?.id ?? '' },
      data: { dueDate: new Date(`${dayFrom(today(), -2)}T00:00:00.000Z`) },
    });

    // Act
    const res = await request(t.app).get(projectPath ?? '/missing');
    const unknown = await request(t.app).get(`/api/public/projects/${'c'.repeat(43)}`);

    // Assert
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('Website refresh');
    expect(res.text).toContain('Progress Studio');
    expect(res.text).toContain('33 %');
    expect(res.text).toContain('✓ Wireframes');
    expect(res.text).toContain('Overdue');
    expect(res.text).not.toContain('$');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('This link is not valid');
  });
});
