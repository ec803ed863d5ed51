import { formatMoney } from '@aiceo/shared/money';
import { monthKey } from '@aiceo/shared/plans';
import type { Proposal, ProposalSummary } from '@aiceo/shared/proposals';
import request from 'supertest';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { sha256 } from '../../lib/crypto';
import { mailPart, parseMail } from '../../testing/mail-parts';
import { bearer, seedOrg, uniqueEmail, type SeededOrg } from '../../testing/seed';
import { startTestSmtpServer } from '../../testing/smtp-server';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { expireProposals } from './proposals.service';

let t: TestContext;
let smtp: Awaited<ReturnType<typeof startTestSmtpServer>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestContext({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'AI CEO <no-reply@aiceo.test>',
      AI_OFFLINE_WORD_DELAY_MS: '0',
    },
  });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const DAY_MS = 86_400_000;
const base = (org: SeededOrg) => `/api/orgs/${org.id}/proposals`;
const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email)).map((m) => m.raw);
const used = async (ctx: TestContext, orgId: string, resource: 'emails' | 'aiMessages') =>
  (await ctx.deps.db.usageCounter.findFirst({ where: { orgId, resource }, select: { used: true } }))?.used ?? 0;

type LeadSeed = { name?: string; email?: string | null; company?: string; stage?: 'new' | 'contacted' | 'won' };
const seedLead = (ctx: TestContext, org: SeededOrg, data: LeadSeed = {}) =>
  ctx.deps.db.lead.create({
    data: {
      orgId: org.id,
      name: data.name ?? 'Dana Whitfield',
      email: data.email === undefined ? uniqueEmail('client') : data.email,
      company: data.company ?? 'Acme',
      stage: data.stage ?? 'contacted',
      notes: 'Wants a faster shop before the spring sale.',
      tags: [],
    },
    select: { id: true, email: true },
  });

const seedTemplate = (
  ctx: TestContext,
  org: SeededOrg,
  data: { name: string; pricingModel: 'fixed' | 'hourly'; priceMinor: number; quantityCenti?: number },
) =>
  ctx.deps.db.serviceTemplate.create({
    data: {
      orgId: org.id,
      name: data.name,
      description: `${data.name}, done well`,
      deliverables: [
        { title: `${data.name}: plan`, description: '', dueAfterDays: 5 },
        { title: `${data.name}: launch`, description: 'Live', dueAfterDays: 20 },
      ],
      pricingModel: data.pricingModel,
      priceMinor: BigInt(data.priceMinor),
      defaultQuantityCenti: data.quantityCenti ?? 100,
      durationDays: 30,
    },
    select: { id: true },
  });

const create = async (ctx: TestContext, org: SeededOrg, body: object) => {
  const res = await request(ctx.app).post(base(org)).set(bearer(org.owner.token)).send(body);
  expect(res.status).toBe(201);
  return res.body as Proposal;
};

describe('POST /api/orgs/:orgId/proposals and PATCH', () => {
  it('when made from two templates and then priced, then items, totals (discount, tax, deposit, rounding), currency, validity and terms are exact', async () => {
    // Arrange: an EUR org on UTC+14, where it is already tomorrow.
    t.clock.set(new Date('2026-12-04T12:00:00.000Z'));
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({
      where: { id: org.id },
      data: { currency: 'EUR', timezone: 'Pacific/Kiritimati' },
    });
    const lead = await seedLead(t, org);
    const site = await seedTemplate(t, org, { name: 'Website', pricingModel: 'fixed', priceMinor: 123_456 });
    const hours = await seedTemplate(t, org, {
      name: 'Support',
      pricingModel: 'hourly',
      priceMinor: 9_550,
      quantityCenti: 750,
    });

    // Act
    const made = await create(t, org, { leadId: lead.id, templateIds: [site.id, hours.id] });

    // Assert: 1,234.56 + 7.5 x 95.50 = 1,234.56 + 716.25.
    expect(made).toMatchObject({
      number: 1,
      status: 'draft',
      title: 'Website for Acme',
      leadId: lead.id,
      clientName: 'Dana Whitfield',
      clientEmail: lead.email,
      clientCompany: 'Acme',
      currency: 'EUR',
      subtotalMinor: 195_081,
      totalMinor: 195_081,
      depositMinor: 0,
      validUntil: '2027-01-04',
      coverLetter: '',
    });
    expect(made.items.map((i) => [i.templateId, i.name, i.quantity, i.amountMinor, i.durationDays])).toEqual([
      [site.id, 'Website', 1, 123_456, 30],
      [hours.id, 'Support', 7.5, 71_625, 30],
    ]);
    expect(made.items[0]?.deliverables.map((d) => d.title)).toEqual(['Website: plan', 'Website: launch']);
    expect(made.terms).toContain('valid until 4 Jan 2027');
    expect(made.terms).toContain('the total is due on delivery');
    const token = /^http:\/\/localhost:5173\/api\/public\/proposals\/([A-Za-z0-9_-]{43})$/.exec(made.publicUrl)?.[1];
    const stored = await t.deps.db.proposal.findFirstOrThrow({ where: { id: made.id } });
    expect(stored.tokenHash).toBe(sha256(token ?? ''));

    // Act: one line replaced (2.5 x 3.33 = 8.325 rounds up), 12.5 % off, 19 % tax, 30 % deposit.
    const res = await request(t.app)
      .patch(`${base(org)}/${made.id}`)
      .set(bearer(org.owner.token))
      .send({
        items: [{ name: 'Audit', pricingModel: 'hourly', unitPriceMinor: 333, quantity: 2.5 }],
        discountPercent: 12.5,
        taxPercent: 19,
        depositPercent: 30,
      });

    // Assert: 833; discount 104.125 -> 104; tax 19 % of 729 = 138.51 -> 139; total 868; deposit 260.4 -> 260.
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      subtotalMinor: 833,
      discountMinor: 104,
      taxMinor: 139,
      totalMinor: 868,
      depositMinor: 260,
      discountPercent: 12.5,
      taxPercent: 19,
      depositPercent: 30,
      items: [{ templateId: null, name: 'Audit', quantity: 2.5, amountMinor: 833, deliverables: [] }],
    });
    expect((res.body as Proposal).terms).toContain('a deposit of 30 % of the total is due on acceptance');
    const row = await t.deps.db.proposal.findFirstOrThrow({ where: { id: made.id } });
    expect([row.discountBps, row.taxBps, row.totalMinor]).toEqual([1250, 1900, 868n]);
    expect(await t.deps.db.proposalItem.count({ where: { proposalId: made.id } })).toBe(1);

    // A valid-until day before today in the org's calendar is refused in words.
    const past = await request(t.app)
      .patch(`${base(org)}/${made.id}`)
      .set(bearer(org.owner.token))
      .send({ validUntil: '2026-12-04' });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('The valid-until date cannot be before today (5 Dec 2026)');
  });

  it('when several proposals are made at once, then each gets its own number; the list filters, searches and pages newest change first', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(t, org, { name: 'Bo Brandt', company: '' });
    const other = await seedLead(t, org, { name: 'Cy Chen', company: 'Zeta Labs' });

    // Act
    const made = await Promise.all(
      [lead, lead, lead, other, other].map((l) =>
        request(t.app).post(base(org)).set(bearer(org.owner.token)).send({ leadId: l.id }),
      ),
    );

    // Assert
    expect(made.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(made.map((r) => (r.body as Proposal).number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((made[0]?.body as Proposal).title).toBe('Proposal for Bo Brandt');
    const get = (query: string) =>
      request(t.app)
        .get(`${base(org)}?${query}`)
        .set(bearer(org.owner.token))
        .then((r) => r.body as { items: ProposalSummary[]; nextCursor: string | null });
    expect((await get(`leadId=${other.id}`)).items.map((p) => p.clientName)).toEqual(['Cy Chen', 'Cy Chen']);
    expect((await get('q=zeta')).items).toHaveLength(2);
    expect((await get('q=P-3')).items.map((p) => p.number)).toEqual([3]);
    expect((await get('status=sent')).items).toEqual([]);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((p) => p.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('POST /api/orgs/:orgId/proposals/:proposalId/send, revise and DELETE', () => {
  it('when sent, reminded, revised, declined, accepted, then mail, status, lead stage and the 409 rules follow', async () => {
    // Arrange: a branded org and a contacted lead.
    t.clock.set(new Date());
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({
      where: { id: org.id },
      data: { emailFromName: 'Ann at Acme', emailReplyTo: 'sales@acme.example.test' },
    });
    const lead = await seedLead(t, org, { stage: 'contacted' });
    const tpl = await seedTemplate(t, org, { name: 'Website', pricingModel: 'fixed', priceMinor: 250_000 });
    const made = await create(t, org, { leadId: lead.id, templateIds: [tpl.id], title: 'New shop' });
    const url = `${base(org)}/${made.id}`;
    const as = (path: string) => request(t.app).post(`${url}${path}`).set(bearer(org.owner.token));
    const setStatus = (status: 'viewed' | 'declined' | 'accepted' | 'expired') =>
      t.deps.db.proposal.update({
        where: { id: made.id },
        data: { status, declinedAt: status === 'declined' ? new Date() : null, declineReason: 'Too dear' },
      });

    // Act
    const sent = await as('/send').send({ message: 'As promised on our call.' });

    // Assert: sent, one mail from the org's name with the link, one email counted, the lead at proposal.
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', sentAt: expect.any(String) });
    const [raw] = mailsTo(lead.email ?? '');
    const mail = parseMail(raw ?? '');
    expect(mail.subject).toBe(`Proposal P-1: New shop`);
    expect(mail.headers).toMatch(/^From: "?Ann at Acme"? <no-reply@aiceo\.test>$/m);
    expect(mail.headers).toMatch(/^Reply-To: sales@acme\.example\.test$/m);
    expect(mail.headers).toMatch(/^List-Unsubscribe: <http:\/\/localhost:5173\/api\/unsubscribe\/[^>]+>$/m);
    const text = mailPart(raw ?? '', 'text/plain') ?? '';
    expect(text).toContain('As promised on our call.');
    expect(text).toContain(`Total: ${formatMoney(250_000, 'USD')}`);
    expect(text).toContain('Valid until: ');
    expect(text).toContain(made.publicUrl);
    expect(await used(t, org.id, 'emails')).toBe(1);
    const leadRow = await t.deps.db.lead.findFirstOrThrow({ where: { id: lead.id } });
    expect(leadRow.stage).toBe('proposal');
    expect(await t.deps.db.leadActivity.count({ where: { leadId: lead.id, kind: 'email' } })).toBe(1);

    // A sent proposal cannot be changed or get a new letter.
    const patch = await request(t.app).patch(url).set(bearer(org.owner.token)).send({ title: 'Other' });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toBe(
      'P-1 is sent: only a draft can be changed. Revise it first (it goes back to draft)',
    );
    expect((await as('/cover-letter')).status).toBe(409);

    // A reminder while viewed keeps the status and sends (and counts) a second mail.
    await setStatus('viewed');
    const reminder = await as('/send').send({});
    expect(reminder.body).toMatchObject({ status: 'viewed', sentAt: sent.body.sentAt });
    expect(mailPart(mailsTo(lead.email ?? '')[1] ?? '', 'text/plain')).toContain('A reminder of the proposal');
    expect(await used(t, org.id, 'emails')).toBe(2);

    // Declined: sending again asks for a revision; revising clears the decline and keeps the link.
    await setStatus('declined');
    const refused = await as('/send').send({});
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('P-1 is declined: revise it first, then send it again');
    const revised = await as('/revise');
    expect(revised.body).toMatchObject({ status: 'draft', declinedAt: null, declineReason: null });
    expect(revised.body.publicUrl).toBe(made.publicUrl);
    expect((await request(t.app).patch(url).set(bearer(org.owner.token)).send({ title: 'New shop v2' })).status).toBe(
      200,
    );

    // Expired: revisable too.
    await setStatus('expired');
    expect((await as('/revise')).body).toMatchObject({ status: 'draft', expiredAt: null });

    // Accepted: nothing changes it any more.
    await setStatus('accepted');
    expect((await as('/revise')).status).toBe(409);
    expect((await as('/send').send({})).status).toBe(409);
    const removeAccepted = await request(t.app).delete(url).set(bearer(org.owner.token));
    expect(removeAccepted.status).toBe(409);
    expect(removeAccepted.body.error.message).toContain('its project depends on it');

    // Any other status: deleted, and gone.
    await setStatus('declined');
    expect((await request(t.app).delete(url).set(bearer(org.owner.token))).status).toBe(204);
    expect((await request(t.app).get(url).set(bearer(org.owner.token))).status).toBe(404);
  });

  it('when the client has no address, is unsubscribed, the mail server refuses, or the lead is won, then 422, 409, 503 with nothing changed, and a won lead stays won', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const noEmail = await seedLead(t, org, { email: null });
    const refused = await seedLead(t, org, { email: `reject-${uniqueEmail('client')}` });
    const won = await seedLead(t, org, { stage: 'won' });
    const gone = await seedLead(t, org);
    await t.deps.db.lead.update({ where: { id: gone.id }, data: { unsubscribedAt: new Date('2026-11-02T10:00:00Z') } });
    const [a, b, c, d] = await Promise.all(
      [noEmail, refused, won, gone].map((lead) => create(t, org, { leadId: lead.id })),
    );
    const send = (p: Proposal | undefined) =>
      request(t.app)
        .post(`${base(org)}/${p?.id}/send`)
        .set(bearer(org.owner.token))
        .send({});

    // Act
    const [noAddress, failed, closed, unsubscribed] = [await send(a), await send(b), await send(c), await send(d)];

    // Assert
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.error).toMatchObject({
      code: 'UNPROCESSABLE',
      message: `Dana Whitfield has no email address: add one to the lead, then send P-${a?.number}`,
    });
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toMatch(/^Could not email reject-.*Nothing was changed$/);
    expect(unsubscribed.status).toBe(409);
    expect(unsubscribed.body.error.message).toContain('unsubscribed on 2 Nov 2026');
    const rows = await t.deps.db.proposal.findMany({ where: { id: { in: [a!.id, b!.id, d!.id] } } });
    expect(rows.map((r) => r.status)).toEqual(['draft', 'draft', 'draft']);
    expect(await t.deps.db.leadActivity.count({ where: { leadId: { in: [noEmail.id, refused.id] } } })).toBe(0);
    // Only the mail that went counts.
    expect(closed.status).toBe(200);
    expect(await used(t, org.id, 'emails')).toBe(1);
    expect((await t.deps.db.lead.findFirstOrThrow({ where: { id: won.id } })).stage).toBe('won');
  });
});

describe('expireProposals (the scheduled job)', () => {
  it('when a sent proposal passes its valid-until day in its org calendar, then it expires once; drafts and today stay', async () => {
    // Arrange: 4 Dec 12:00 UTC is 5 Dec in Kiritimati (UTC+14).
    t.clock.set(new Date('2026-12-04T12:00:00.000Z'));
    const utc = await seedOrg(t.deps);
    const ahead = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: ahead.id }, data: { timezone: 'Pacific/Kiritimati' } });
    const proposalIn = async (org: SeededOrg, validUntil: string, status: 'draft' | 'sent' | 'viewed') => {
      const made = await create(t, org, { leadId: (await seedLead(t, org)).id });
      await t.deps.db.proposal.update({
        where: { id: made.id },
        data: { status, validUntil: new Date(`${validUntil}T00:00:00.000Z`) },
      });
      return made.id;
    };
    const today = await proposalIn(utc, '2026-12-04', 'sent');
    const yesterday = await proposalIn(utc, '2026-12-03', 'viewed');
    const oldDraft = await proposalIn(utc, '2026-11-01', 'draft');
    const aheadToday = await proposalIn(ahead, '2026-12-04', 'sent');
    const statusOf = async (id: string) => (await t.deps.db.proposal.findFirstOrThrow({ where: { id } })).status;

    // Act: two instances at once, then again.
    const runs = await Promise.all([expireProposals(t.deps), expireProposals(t.deps)]);
    const again = await expireProposals(t.deps);

    // Assert
    expect(runs[0].expired + runs[1].expired).toBe(2);
    expect(again.expired).toBe(0);
    expect(await statusOf(yesterday)).toBe('expired');
    expect(await statusOf(aheadToday)).toBe('expired');
    expect(await statusOf(today)).toBe('sent');
    expect(await statusOf(oldDraft)).toBe('draft');
    const row = await t.deps.db.proposal.findFirstOrThrow({ where: { id: yesterday } });
    expect(row.expiredAt?.toISOString()).toBe('2026-12-04T12:00:00.000Z');

    // The next day the UTC org's proposal of the 4th expires too.
    t.clock.advance(DAY_MS);
    await expireProposals(t.deps);
    expect(await statusOf(today)).toBe('expired');

    // A draft past its day is not sent until it has a new date.
    const late = await request(t.app)
      .post(`${base(utc)}/${oldDraft}/send`)
      .set(bearer(utc.owner.token))
      .send({});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe(
      'P-3 was valid until 1 Nov 2026, which has passed: set a new valid-until date, then send it',
    );
  });
});

describe('another organisation', () => {
  it('when a member of another org reads, changes, sends or deletes a proposal, then it answers as for no proposal and nothing changes', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const stranger = await seedOrg(t.deps);
    const made = await create(t, org, { leadId: (await seedLead(t, org)).id });
    const missing = '00000000-0000-4000-8000-000000000000';
    const call = (id: string) => {
      const url = `${base(stranger)}/${id}`;
      const auth = bearer(stranger.owner.token);
      return Promise.all([
        request(t.app).get(url).set(auth),
        request(t.app).patch(url).set(auth).send({ title: 'Mine now' }),
        request(t.app).post(`${url}/send`).set(auth).send({}),
        request(t.app).post(`${url}/revise`).set(auth),
        request(t.app).post(`${url}/cover-letter`).set(auth),
        request(t.app).delete(url).set(auth),
      ]);
    };

    // Act
    const theirs = await call(made.id);
    const none = await call(missing);

    // Assert: the same answers as for an id that does not exist.
    expect(theirs.map((r) => [r.status, r.body.error?.message])).toEqual(
      none.map((r) => [r.status, r.body.error?.message]),
    );
    expect(theirs.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    const list = await request(t.app).get(base(stranger)).set(bearer(stranger.owner.token));
    expect(list.body.items).toEqual([]);
    const lead = await request(t.app)
      .post(base(stranger))
      .set(bearer(stranger.owner.token))
      .send({ leadId: made.leadId });
    expect(lead.status).toBe(404);
    expect(await t.deps.db.proposal.findFirstOrThrow({ where: { id: made.id } })).toMatchObject({
      title: made.title,
      status: 'draft',
    });
  });
});

describe('cover letters', () => {
  it('when offline, then the template letter greets the client and names the items and how to accept, never a price or date, counting nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const tpl = await seedTemplate(t, org, { name: 'Website', pricingModel: 'fixed', priceMinor: 250_000 });
    const made = await create(t, org, { leadId: (await seedLead(t, org)).id, templateIds: [tpl.id] });

    // Act
    const res = await request(t.app)
      .post(`${base(org)}/${made.id}/cover-letter`)
      .set(bearer(org.owner.token));

    // Assert
    expect(res.status).toBe(200);
    const letter = (res.body as Proposal).coverLetter;
    expect((res.body as Proposal).coverLetterSource).toBe('offline');
    expect(letter).toMatch(/^Dear Dana,/);
    expect(letter).toContain('- Website: Website: plan, Website: launch');
    // No price or date in the letter: the proposal shows them, and the owner may still change them.
    expect(letter).toContain(
      'The prices, what each item includes and the date this proposal is valid until are set out below.',
    );
    expect(letter).not.toMatch(/\$|2027|2026/);
    expect(letter).toContain('accept online');
    expect(letter).not.toContain('spring sale');
    expect(await used(t, org.id, 'aiMessages')).toBe(0);
  });
});

describe('cover letters (online AI)', () => {
  let fakeAi: FakeAi;
  let online: TestContext;
  beforeAll(async () => {
    fakeAi = await startFakeAi({ apiKey: 'test-key' });
    online = await createTestContext({
      env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fakeAi.baseUrlFor('openai'), AI_MAX_RETRIES: '0' },
    });
  });
  afterAll(async () => {
    await online.close();
    await fakeAi.close();
  });

  it('when asked at create, then the AI writes the letter from the notes, activities and items and one AI message counts; at the limit 402; a failed provider gives the template, uncounted', async () => {
    // Arrange: the fake provider answers with the [[reply:...]] marker found in the lead's notes.
    const org = await seedOrg(online.deps);
    const lead = await seedLead(online, org);
    await online.deps.db.lead.update({
      where: { id: lead.id },
      data: { notes: 'Shop is slow. [[reply:Dear Dana, here is how we make your shop fast.]]' },
    });
    await online.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: lead.id,
        kind: 'call',
        summary: 'Asked for a quote by Friday',
        occurredAt: new Date(),
      },
    });
    const tpl = await seedTemplate(online, org, { name: 'Speed audit', pricingModel: 'fixed', priceMinor: 90_000 });

    // Act
    const made = await create(online, org, { leadId: lead.id, templateIds: [tpl.id], writeCoverLetter: true });

    // Assert
    expect(made).toMatchObject({
      coverLetter: 'Dear Dana, here is how we make your shop fast.',
      coverLetterSource: 'ai',
    });
    expect(await used(online, org.id, 'aiMessages')).toBe(1);
    const sent = fakeAi.requests('openai').at(-1);
    expect(sent?.messages[0]?.content).toContain('cover letter of a business proposal');
    const facts = sent?.messages.at(-1)?.content ?? '';
    expect(facts).toContain('Asked for a quote by Friday');
    expect(facts).toContain('Speed audit');
    expect(sent?.messages[0]?.content).toContain('Never state prices, totals, deposits or dates');
    expect(facts).not.toContain(formatMoney(90_000, 'USD'));

    // At the plan's limit (free: 50), the letter is refused with 402 and nothing changes.
    await online.deps.db.usageCounter.updateMany({
      where: { orgId: org.id, month: monthKey(online.clock.now()), resource: 'aiMessages' },
      data: { used: 50 },
    });
    const url = `${base(org)}/${made.id}/cover-letter`;
    const limited = await request(online.app).post(url).set(bearer(org.owner.token));
    expect(limited.status).toBe(402);
    expect(limited.body.error.code).toBe('QUOTA_EXCEEDED');

    // Every provider failing: the template letter, and the AI message given back.
    await online.deps.db.usageCounter.updateMany({
      where: { orgId: org.id, resource: 'aiMessages' },
      data: { used: 3 },
    });
    fakeAi.setMode('openai', 'server-error', { times: 1 });
    const fallback = await request(online.app).post(url).set(bearer(org.owner.token));
    expect(fallback.status).toBe(200);
    expect((fallback.body as Proposal).coverLetter).toMatch(/^Dear Dana,\n/);
    expect((fallback.body as Proposal).coverLetterSource).toBe('offline');
    expect(await used(online, org.id, 'aiMessages')).toBe(3);
  });
});
