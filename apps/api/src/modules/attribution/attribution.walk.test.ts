import request from 'supertest';
import { touchFromUrl, type RevenueBySource } from '@aiceo/shared/attribution';
import { startLocalLinkedIn } from '@aiceo/stand-ins/linkedin/embedded';
import type { LinkedInStandIn } from '@aiceo/stand-ins/linkedin/stand-in';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { createTestContext, type TestContext } from '../../testing/test-app';

// The whole loop through the real paths: a post published to the LinkedIn stand-in (real client
// over HTTP), a visit with the published link, a lead, won, paid, and the revenue found on the post.
let t: TestContext;
let standIn: LinkedInStandIn;
const FRONTEND = 'http://localhost:5173';
const SITE = 'https://acme-plumbing.test';

beforeAll(async () => {
  const holder: { t?: TestContext } = {};
  standIn = await startLocalLinkedIn({
    now: () => (holder.t?.clock.now() ?? new Date()).getTime(),
    member: { sub: 'walk1', name: 'Ada Owner' },
  });
  t = await createTestContext({
    env: {
      LINKEDIN_CLIENT_ID: standIn.clientId,
      LINKEDIN_CLIENT_SECRET: standIn.clientSecret,
      LINKEDIN_AUTH_BASE_URL: standIn.url,
      LINKEDIN_API_BASE_URL: standIn.url,
      TOKEN_ENCRYPTION_KEY: 'b'.repeat(64),
      AI_OFFLINE_WORD_DELAY_MS: '0',
      FRONTEND_URL: FRONTEND,
    },
  });
  holder.t = t;
});
afterAll(async () => {
  await standIn.close();
  await t.close();
});

const api = (org: SeededOrg, path: string) => `/api/orgs/${org.id}${path}`;

/** LinkedIn OAuth as the owner does it: connect, approve on the stand-in, come back. */
const connectLinkedIn = async (org: SeededOrg) => {
  const start = await request(t.app).post(api(org, '/integrations/linkedin/connect')).set(bearer(org.owner.token));
  const consent = await fetch(`${start.body.url as string}&auto=approve`, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const done = await request(t.app).get(`${back.pathname}${back.search}`);
  expect(done.headers.location).toBe(`${FRONTEND}/orgs/${org.id}/settings/integrations?linkedin=connected`);
};

/**
 * A visitor lands on the site from the published link; the page's widget starts a chat with the
 * visit (touchFromUrl of the page and its referrer), and the visitor leaves their email: the
 * website chat's public endpoints create the lead with the visit as its first touch.
 */
const visitorBecomesLead = async (org: SeededOrg, { landingUrl }: { landingUrl: string }) => {
  const settings = await request(t.app)
    .put(api(org, '/widget'))
    .set(bearer(org.owner.token))
    .send({ enabled: true, domains: [new URL(SITE).hostname] });
  expect(settings.status).toBe(200);
  const key = settings.body.publicKey as string;
  const chat = await request(t.app)
    .post('/api/widget/conversations')
    .set('origin', SITE)
    .send({ key, pageUrl: landingUrl, touch: touchFromUrl(landingUrl, 'https://www.linkedin.com/') });
  expect(chat.status).toBe(200);
  const said = await request(t.app)
    .post(`/api/widget/conversations/${chat.body.conversationId as string}/messages`)
    .set('origin', SITE)
    .send({ key, visitorToken: chat.body.visitorToken, text: 'Hi, I am Vera Visitor, vera@visitor.test' });
  expect(said.status).toBe(200);
  const lead = await t.deps.db.lead.findFirstOrThrow({
    where: { orgId: org.id, email: 'vera@visitor.test' },
    select: { id: true },
  });
  return lead.id;
};

const today = () => t.clock.now().toISOString().slice(0, 10);
const shift = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('attribution from post to payment', () => {
  it('when a published post brings a visitor who becomes a paying customer, then the revenue is found on the post and on linkedin / social', async () => {
    // Arrange: an org with books and LinkedIn connected.
    const org = await seedOrg(t.deps);
    const { accountId } = await seedBooks(t.deps, { orgId: org.id, currency: 'EUR' });
    await connectLinkedIn(org);

    // Act 1: a post with a link to the org's site, published through the content module.
    const body = `New: same-day boiler repair. Book at ${SITE}/book?ref=li.`;
    const post = await request(t.app)
      .post(api(org, '/posts'))
      .set(bearer(org.owner.token))
      .send({ title: 'Same-day boiler repair', body });
    const published = await request(t.app)
      .post(api(org, `/posts/${post.body.id as string}/publish`))
      .set(bearer(org.owner.token));

    // Assert 1: LinkedIn got the link with UTM naming the post; the stored body is as written.
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', body });
    const sent = standIn.posts.find((p) => p.id === published.body.externalId);
    const link = /https:\/\/\S+?(?=\.?$)/.exec(sent?.commentary ?? '')?.[0] ?? '';
    const params = new URL(link).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      ref: 'li',
      utm_source: 'linkedin',
      utm_medium: 'social',
      utm_campaign: 'same-day-boiler-repair',
      utm_content: `post-${post.body.id as string}`,
    });
    expect(sent?.commentary.endsWith('.')).toBe(true);

    // Act 2: a visitor arrives with that URL and leaves an email: the lead has the post as first touch.
    const leadId = await visitorBecomesLead(org, { landingUrl: link });
    const touches = await request(t.app)
      .get(api(org, `/leads/${leadId}/attribution`))
      .set(bearer(org.owner.token));
    expect(touches.body.firstTouch).toMatchObject({
      source: 'linkedin',
      channel: 'linkedin / social',
      landingPage: link,
      ref: { kind: 'post', id: post.body.id, name: 'Same-day boiler repair', exists: true },
    });

    // Act 3: the lead is won, with a deal value the payment will replace.
    const won = await request(t.app)
      .patch(api(org, `/leads/${leadId}`))
      .set(bearer(org.owner.token))
      .send({ stage: 'won', valueCents: 100_00 });
    expect(won.status).toBe(200);

    // Act 4: the payment arrives in the books and is matched to the lead.
    const income = await request(t.app)
      .post(api(org, '/finance/transactions'))
      .set(bearer(org.owner.token))
      .send({ date: today(), amountMinor: 1_850_00, accountId, counterparty: 'Payment from vera@visitor.test' });
    expect(income.status).toBe(201);
    const suggestions = await request(t.app)
      .get(api(org, '/attribution/payment-suggestions'))
      .query({ leadId })
      .set(bearer(org.owner.token));
    expect(suggestions.body.items).toEqual([
      expect.objectContaining({ transaction: expect.objectContaining({ id: income.body.id }), matchedOn: 'email' }),
    ]);
    const match = await request(t.app)
      .put(api(org, `/attribution/payments/${income.body.id as string}`))
      .set(bearer(org.owner.token))
      .send({ leadId });
    expect(match.status).toBe(200);

    // Assert: revenue by source finds the amount on the post and on its channel, from the payment.
    const res = await request(t.app)
      .get(api(org, '/attribution/revenue'))
      .query({ from: shift(today(), -1), to: shift(today(), 1), model: 'first' })
      .set(bearer(org.owner.token));
    expect(res.status).toBe(200);
    const report = res.body as RevenueBySource;
    const paid = [{ currency: 'EUR', amountMinor: 1_850_00, fromPaymentsMinor: 1_850_00, fromDealValuesMinor: 0 }];
    expect(report.posts).toEqual([
      expect.objectContaining({
        label: 'Same-day boiler repair',
        ref: { kind: 'post', id: post.body.id, name: 'Same-day boiler repair', exists: true },
        leads: 1,
        won: 1,
        wonFromPayments: 1,
        revenue: paid,
      }),
    ]);
    expect(report.channels).toEqual([
      expect.objectContaining({ key: 'utm:linkedin/social', label: 'linkedin / social', won: 1, revenue: paid }),
    ]);
  });
});
