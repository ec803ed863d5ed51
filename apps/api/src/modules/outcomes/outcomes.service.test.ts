import request from 'supertest';
import { bearer, seedOrg, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { followupTopic, topicKeyword, variantScore, weekdayIn } from './outcome-variants';
import { recordActionOutcomes, whatWorked, whatWorkedForPrompt } from './outcomes.service';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

// Meetings and leads take their created time from the real clock: each test starts the fake one at the real time.
beforeEach(() => t.clock.set(new Date()));

const as = (org: SeededOrg) => bearer(org.owner.token);
const createLead = async (org: SeededOrg, body: object = {}) => {
  const res = await request(t.app)
    .post(`/api/orgs/${org.id}/leads`)
    .set(as(org))
    .send({ name: `Lead ${Math.random().toString(36).slice(2, 8)}`, stage: 'contacted', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
};
/** A follow-up really sent to the lead, as the outreach module logs it (an ai_followup activity by the AI). */
const sentFollowup = async (org: SeededOrg, leadId: string, summary: string, occurredAt = t.clock.now()) =>
  t.deps.db.leadActivity.create({
    data: { orgId: org.id, leadId, kind: 'ai_followup', summary, actorId: null, occurredAt },
    select: { id: true },
  });
/** The owner logs a contact with the lead through the API (now on the test clock). */
const logContact = async (org: SeededOrg, leadId: string, kind: 'email' | 'call' | 'note' = 'email') => {
  const res = await request(t.app)
    .post(`/api/orgs/${org.id}/leads/${leadId}/activities`)
    .set(as(org))
    .send({ kind, summary: `${kind} with the lead` });
  expect(res.status).toBe(201);
};
const outcomeOf = (org: SeededOrg, subjectId: string) =>
  t.deps.db.actionOutcome.findFirst({
    where: { orgId: org.id, subjectId },
    select: { action: true, status: true, signal: true, variants: true, evidence: true, leadId: true },
  });
const snapshot = () =>
  t.deps.db.actionOutcome.findMany({
    orderBy: { id: 'asc' },
    select: { id: true, status: true, signal: true, evidence: true, evaluatedAt: true },
  });

describe('recordActionOutcomes: follow-ups', () => {
  it('when a sent follow-up is followed by a reply, then it is a success at once; one without is pending for 14 days and then a failure', async () => {
    // Arrange: two leads get a follow-up; the owner logs a reply from the first two days later.
    const org = await seedOrg(t.deps);
    const replied = await createLead(org);
    const silent = await createLead(org);
    const a = await sentFollowup(org, replied.id, 'Did you get a chance to look at the proposal?');
    const b = await sentFollowup(org, silent.id, 'Just checking in to see how things are going.');
    t.clock.advance(2 * DAY_MS);
    await logContact(org, replied.id, 'email');
    await logContact(org, silent.id, 'note');

    // Act 1
    const first = await recordActionOutcomes(t.deps);

    // Assert 1
    expect(first.recorded).toBeGreaterThanOrEqual(2);
    expect(await outcomeOf(org, a.id)).toMatchObject({
      action: 'followup',
      status: 'success',
      signal: 'activity',
      leadId: replied.id,
      evidence: { label: replied.name, kind: 'email' },
    });
    expect((await outcomeOf(org, a.id))?.variants).toEqual(
      expect.arrayContaining(['channel:email', 'topic:proposal', expect.stringMatching(/^weekday:[a-z]+day$/)]),
    );
    // A note is not a contact: still waiting.
    expect(await outcomeOf(org, b.id)).toMatchObject({ status: 'pending', signal: null });

    // Act 2: day 13, then day 15.
    t.clock.advance(11 * DAY_MS);
    await recordActionOutcomes(t.deps);
    expect((await outcomeOf(org, b.id))?.status).toBe('pending');
    t.clock.advance(2 * DAY_MS);
    await recordActionOutcomes(t.deps);

    // Assert 2
    expect(await outcomeOf(org, b.id)).toMatchObject({
      status: 'failure',
      evidence: { label: silent.name, result: 'no reply within 14 days' },
    });

    // Act 3: a second run changes nothing.
    const before = await snapshot();
    const again = await recordActionOutcomes(t.deps);
    expect(again).toEqual({ recorded: 0, settled: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('when a reply comes after the 14 days, then the follow-up stays a failure', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org);
    const followup = await sentFollowup(org, lead.id, 'Shall we book a call next week?');
    t.clock.advance(15 * DAY_MS);
    await logContact(org, lead.id, 'call');
    await recordActionOutcomes(t.deps);
    expect(await outcomeOf(org, followup.id)).toMatchObject({ status: 'failure' });
    expect((await outcomeOf(org, followup.id))?.variants).toContain('topic:meeting');
  });

  it('when a meeting is booked or the stage moves forward after the follow-up, then it is a success with that signal', async () => {
    // Arrange: follow-ups sent an hour ago, recorded (with the stage at sending) by the hourly job.
    const org = await seedOrg(t.deps);
    const booked = await createLead(org);
    const moved = await createLead(org, { stage: 'qualified' });
    const lost = await createLead(org, { stage: 'qualified' });
    const sentAt = new Date(t.clock.now().getTime() - HOUR_MS);
    const meetingFollowup = await sentFollowup(org, booked.id, 'Hello again', sentAt);
    const stageFollowup = await sentFollowup(org, moved.id, 'Hello again', sentAt);
    const lostFollowup = await sentFollowup(org, lost.id, 'Hello again', sentAt);
    await recordActionOutcomes(t.deps);

    // Act
    const res = await request(t.app)
      .post(`/api/orgs/${org.id}/leads/${booked.id}/meetings`)
      .set(as(org))
      .send({
        title: 'Intro',
        startsAt: new Date(Date.now() + 3 * DAY_MS).toISOString(),
        endsAt: new Date(Date.now() + 3 * DAY_MS + HOUR_MS).toISOString(),
      });
    expect(res.status).toBe(201);
    for (const [lead, stage] of [
      [moved, 'proposal'],
      [lost, 'lost'],
    ] as const) {
      const patched = await request(t.app).patch(`/api/orgs/${org.id}/leads/${lead.id}`).set(as(org)).send({ stage });
      expect(patched.status).toBe(200);
    }
    t.clock.set(new Date(Date.now() + 60_000));
    await recordActionOutcomes(t.deps);

    // Assert
    expect(await outcomeOf(org, meetingFollowup.id)).toMatchObject({ status: 'success', signal: 'meeting' });
    expect(await outcomeOf(org, stageFollowup.id)).toMatchObject({
      status: 'success',
      signal: 'stage_move',
      evidence: { stageFrom: 'qualified', stageTo: 'proposal' },
    });
    // Lost is not forward.
    expect(await outcomeOf(org, lostFollowup.id)).toMatchObject({ status: 'pending' });
  });

  it('when the org has a timezone and a tone, then the weekday is the org’s and the tone is a variant', async () => {
    // Arrange: Monday 23:30 UTC is already Tuesday in Auckland.
    const org = await seedOrg(t.deps);
    await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: 'Pacific/Auckland' } });
    await t.deps.db.aiSettings.create({
      data: { orgId: org.id, name: 'CEO', personality: 'coachty', goals: [], tone: 'Warm' },
    });
    const lead = await createLead(org);
    const monday = new Date('2026-11-30T23:30:00.000Z');
    const followup = await sentFollowup(org, lead.id, 'Checking in', monday);

    // Act
    await recordActionOutcomes(t.deps);

    // Assert
    expect((await outcomeOf(org, followup.id))?.variants.sort()).toEqual(
      ['channel:email', 'weekday:tuesday', 'topic:check-in', 'tone:warm'].sort(),
    );
  });
});

describe('recordActionOutcomes: campaigns and posts', () => {
  const sentCampaign = async (org: SeededOrg, { leads, subject }: { leads: { id: string }[]; subject: string }) => {
    const now = t.clock.now();
    const campaign = await t.deps.db.emailCampaign.create({
      data: { orgId: org.id, name: subject, subject, body: 'Hello', audience: {}, status: 'sent', sentAt: now },
      select: { id: true },
    });
    await t.deps.db.campaignRecipient.createMany({
      data: leads.map((lead, index) => ({
        orgId: org.id,
        campaignId: campaign.id,
        leadId: lead.id,
        email: `r${index}-${lead.id}@example.com`,
        status: 'sent' as const,
        sentAt: now,
      })),
    });
    return campaign;
  };

  it('when a campaign got a reply and unsubscribes stayed under 2%, then it worked; one with 1 unsubscribe in 10 did not', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const leads = await Promise.all(Array.from({ length: 10 }, () => createLead(org)));
    const good = await sentCampaign(org, { leads, subject: 'Our spring offer' });
    const orgB = await seedOrg(t.deps);
    const leadsB = await Promise.all(Array.from({ length: 10 }, () => createLead(orgB)));
    const bad = await sentCampaign(orgB, { leads: leadsB, subject: 'Our spring offer' });
    t.clock.advance(DAY_MS);
    await logContact(org, leads[0]!.id, 'email');
    await logContact(orgB, leadsB[0]!.id, 'email');
    await t.deps.db.lead.updateMany({
      where: { orgId: orgB.id, id: leadsB[1]!.id },
      data: { unsubscribedAt: t.clock.now() },
    });

    // Act: before and after the 14 days.
    await recordActionOutcomes(t.deps);
    expect((await outcomeOf(org, good.id))?.status).toBe('pending');
    t.clock.advance(14 * DAY_MS);
    await recordActionOutcomes(t.deps);

    // Assert
    expect(await outcomeOf(org, good.id)).toMatchObject({
      status: 'success',
      signal: 'replies',
      variants: expect.arrayContaining(['topic:offer', 'audience:1-24']),
      evidence: { recipients: 10, replies: 1, unsubscribes: 0 },
    });
    expect(await outcomeOf(orgB, bad.id)).toMatchObject({
      status: 'failure',
      evidence: { recipients: 10, replies: 1, unsubscribes: 1, unsubscribeRate: 0.1 },
    });
  });

  it('when new leads arrive within 7 days of a post, then it brought leads; a post with none did not', async () => {
    // Arrange: two orgs each publish a post an hour ago; only the first gets a lead after it.
    const org = await seedOrg(t.deps);
    const quiet = await seedOrg(t.deps);
    const publishedAt = new Date(t.clock.now().getTime() - HOUR_MS);
    const body = 'Three lessons from pricing our services. '.repeat(5);
    const post = await t.deps.db.contentPost.create({
      data: { orgId: org.id, title: 'Pricing lessons', body, status: 'published', publishedAt },
      select: { id: true },
    });
    const quietPost = await t.deps.db.contentPost.create({
      data: { orgId: quiet.id, title: 'Pricing lessons', body, status: 'published', publishedAt },
      select: { id: true },
    });
    await createLead(org);

    // Act
    t.clock.advance(8 * DAY_MS);
    await recordActionOutcomes(t.deps);

    // Assert
    expect(await outcomeOf(org, post.id)).toMatchObject({
      status: 'success',
      signal: 'new_leads',
      variants: expect.arrayContaining(['topic:pricing', 'length:short']),
      evidence: { newLeads: 1 },
    });
    expect(await outcomeOf(quiet, quietPost.id)).toMatchObject({ status: 'failure', evidence: { newLeads: 0 } });
  });
});

describe('whatWorked', () => {
  it('when follow-ups that mention the proposal got 4 replies out of 6 and check-ins 0 of 3, then they rank first with the numbers and the sentence; another org’s outcomes never count', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const other = await seedOrg(t.deps);
    const lead = async (o: SeededOrg, text: string, reply: boolean) => {
      const l = await createLead(o);
      await sentFollowup(o, l.id, text);
      return { org: o, lead: l, reply };
    };
    const sent = [
      ...(await Promise.all(
        [true, true, true, true, false, false].map((r) => lead(org, 'About the proposal we sent', r)),
      )),
      ...(await Promise.all([false, false, false].map((r) => lead(org, 'Just checking in', r)))),
      // Another org where every check-in worked: must not lift this org's check-ins.
      ...(await Promise.all([true, true, true, true].map((r) => lead(other, 'Just checking in', r)))),
    ];
    t.clock.advance(DAY_MS);
    for (const s of sent) if (s.reply) await logContact(s.org, s.lead.id);
    t.clock.advance(15 * DAY_MS);
    await recordActionOutcomes(t.deps);

    // Act
    const ranking = await whatWorked(t.deps, { orgId: org.id, action: 'followup' });
    const lines = await whatWorkedForPrompt(t.deps, { orgId: org.id, action: 'followup', limit: 2 });

    // Assert
    const proposal = ranking.items.find((i) => i.dimension === 'topic' && i.value === 'proposal');
    expect(proposal).toMatchObject({
      action: 'followup',
      successes: 4,
      attempts: 6,
      score: 0.625,
      summary: 'Follow-ups that mention the proposal got a reply 4 times out of 6',
    });
    expect(proposal?.evidence).toHaveLength(5);
    expect(proposal?.evidence.every((e) => e.label.length > 0)).toBe(true);
    expect(ranking.items.find((i) => i.value === 'check-in')).toMatchObject({
      successes: 0,
      attempts: 3,
      score: 0.2,
      summary: 'Follow-ups that check in got a reply 0 times out of 3',
    });
    // channel:email covers all 9 (4 of 9: 0.4545...) and ranks between the two topics.
    expect(ranking.items.map((i) => `${i.dimension}:${i.value}`).slice(0, 1)).toEqual(['topic:proposal']);
    expect(ranking.items.at(-1)?.value).toBe('check-in');
    expect(ranking.totals).toEqual([{ action: 'followup', settled: 9, successes: 4, pending: 0 }]);
    expect(lines[0]).toBe('Follow-ups that mention the proposal got a reply 4 times out of 6');
    expect(lines).toHaveLength(2);
    // The owner reads the same ranking through the API; the other org's owner gets only its own.
    const viaApi = await request(t.app).get(`/api/orgs/${org.id}/agentic/what-worked?action=followup`).set(as(org));
    expect(viaApi.status).toBe(200);
    expect(viaApi.body).toEqual(ranking);
    const strangers = await request(t.app).get(`/api/orgs/${org.id}/agentic/what-worked`).set(as(other));
    expect(strangers.status).toBe(404);
    // The other org sees only its own.
    expect((await whatWorked(t.deps, { orgId: other.id })).totals).toContainEqual({
      action: 'followup',
      settled: 4,
      successes: 4,
      pending: 0,
    });
  });

  it('when there is no evidence yet, then the ranking is empty and the prompt gets no lines', async () => {
    const org = await seedOrg(t.deps);
    const lead = await createLead(org);
    await sentFollowup(org, lead.id, 'About the proposal');
    await recordActionOutcomes(t.deps);
    expect(await whatWorked(t.deps, { orgId: org.id })).toEqual({
      items: [],
      totals: [
        { action: 'followup', settled: 0, successes: 0, pending: 1 },
        { action: 'campaign', settled: 0, successes: 0, pending: 0 },
        { action: 'post', settled: 0, successes: 0, pending: 0 },
      ],
    });
    expect(await whatWorkedForPrompt(t.deps, { orgId: org.id, action: 'followup' })).toEqual([]);
  });
});

describe('outcome variants', () => {
  it('when texts and dates vary, then topics, keywords, weekdays and scores come out as documented', () => {
    expect(followupTopic('Any thoughts on the proposal?')).toBe('proposal');
    expect(followupTopic('Could we book a call on Thursday?')).toBe('meeting');
    expect(followupTopic('Hope all is well')).toBe('check-in');
    expect(topicKeyword('Our Black Friday discount is here')).toBe('discount');
    expect(topicKeyword('Lessons from onboarding customers')).toBe('onboarding');
    expect(topicKeyword('')).toBe('general');
    expect(weekdayIn(new Date('2026-12-01T12:00:00Z'), 'UTC')).toBe('tuesday');
    expect(weekdayIn(new Date('2026-12-01T12:00:00Z'), 'Not/AZone')).toBe('tuesday');
    expect(variantScore(4, 6)).toBe(0.625);
    expect(variantScore(0, 0)).toBe(0.5);
  });
});
