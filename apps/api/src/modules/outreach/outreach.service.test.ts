import { seedOrg, uniqueEmail, type SeededOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { outreachBlocks, RECENT_FOLLOWUP_DAYS, sendLeadEmail } from './outreach.service';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

const DAY = 86_400_000;
const daysFromNow = (days: number) => new Date(t.clock.now().getTime() + days * DAY);

const seedLead = (
  org: SeededOrg,
  data: { name: string; stage?: 'new' | 'contacted' | 'won' | 'lost'; unsubscribedAt?: Date; email?: string | null },
) =>
  t.deps.db.lead.create({
    data: {
      orgId: org.id,
      name: data.name,
      email: data.email === undefined ? uniqueEmail('lead') : data.email,
      stage: data.stage ?? 'new',
      unsubscribedAt: data.unsubscribedAt ?? null,
      tags: [],
    },
    select: { id: true, email: true, name: true },
  });

const seedFollowupTask = (
  org: SeededOrg,
  leadId: string,
  data: { status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED'; finishedAt?: Date; emailed?: boolean },
) =>
  t.deps.db.task.create({
    data: {
      orgId: org.id,
      type: 'lead_followup',
      title: 'Follow up',
      input: { leadId, sendEmail: true },
      status: data.status,
      output: data.emailed === undefined ? undefined : { emailed: data.emailed },
      origin: 'user',
      runAfter: t.clock.now(),
      finishedAt: data.finishedAt ?? null,
    },
    select: { id: true },
  });

const seedApproval = (org: SeededOrg, leadId: string, status: 'pending' | 'approved' | 'rejected', taskId?: string) =>
  t.deps.db.approvalItem.create({
    data: {
      orgId: org.id,
      kind: 'lead_email',
      status,
      title: 'Follow-up email',
      targetType: 'lead',
      targetId: leadId,
      audience: 'someone',
      audienceSize: 1,
      content: { subject: 'Hi', body: 'Hello' },
      targetVersion: 'v1',
      risk: 'low',
      riskReasons: [],
      reason: 'Gone quiet',
      evidence: {},
      taskId: taskId ?? null,
      expiresAt: daysFromNow(3),
    },
    select: { id: true },
  });

const outboxTo = (email: string) => t.deps.db.mailOutbox.findMany({ where: { to: email } });

describe('outreachBlocks', () => {
  it('when leads are unsubscribed, closed, meeting soon, pending or recently followed up, then each is blocked with its reason in words, and a fine lead is not', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const fine = await seedLead(org, { name: 'Fine Fiona' });
    const unsubscribed = await seedLead(org, { name: 'Una Sub', unsubscribedAt: new Date('2026-11-02T10:00:00Z') });
    const won = await seedLead(org, { name: 'Winnie Won', stage: 'won' });
    const lost = await seedLead(org, { name: 'Larry Lost', stage: 'lost' });
    const meeting = await seedLead(org, { name: 'Meg Meeting' });
    await t.deps.db.meeting.create({
      data: {
        orgId: org.id,
        leadId: meeting.id,
        title: 'Contract review',
        startsAt: daysFromNow(1),
        endsAt: daysFromNow(1.1),
      },
    });
    const pastMeeting = await seedLead(org, { name: 'Pat Past' });
    await t.deps.db.meeting.create({
      data: {
        orgId: org.id,
        leadId: pastMeeting.id,
        title: 'Intro',
        startsAt: daysFromNow(-2),
        endsAt: daysFromNow(-1.9),
      },
    });
    const queued = await seedLead(org, { name: 'Quinn Queued' });
    await seedFollowupTask(org, queued.id, { status: 'PENDING' });
    const waiting = await seedLead(org, { name: 'Wade Waiting' });
    await seedApproval(org, waiting.id, 'pending');
    const rejected = await seedLead(org, { name: 'Rita Rejected' });
    await seedApproval(org, rejected.id, 'rejected');
    const mailed = await seedLead(org, { name: 'Mel Mailed' });
    await t.deps.db.leadActivity.create({
      data: { orgId: org.id, leadId: mailed.id, kind: 'ai_followup', summary: 'Hi', occurredAt: daysFromNow(-3) },
    });
    const mailedLongAgo = await seedLead(org, { name: 'Old Mail' });
    await t.deps.db.leadActivity.create({
      data: {
        orgId: org.id,
        leadId: mailedLongAgo.id,
        kind: 'ai_followup',
        summary: 'Hi',
        occurredAt: daysFromNow(-RECENT_FOLLOWUP_DAYS - 1),
      },
    });
    const drafted = await seedLead(org, { name: 'Dora Draft' });
    await seedFollowupTask(org, drafted.id, { status: 'COMPLETED', finishedAt: daysFromNow(-2), emailed: false });
    const skipped = await seedLead(org, { name: 'Sid Skipped' });
    await seedFollowupTask(org, skipped.id, { status: 'CANCELLED', finishedAt: daysFromNow(-1) });
    const missing = '00000000-0000-4000-8000-000000000001';
    const leads = [fine, unsubscribed, won, lost, meeting, pastMeeting, queued, waiting, rejected, mailed];
    // Act
    const blocks = await outreachBlocks(t.deps, {
      orgId: org.id,
      leadIds: [...leads.map((l) => l.id), mailedLongAgo.id, drafted.id, skipped.id, missing],
    });
    // Assert
    const codeOf = (id: string) => blocks.get(id)?.code;
    expect(codeOf(fine.id)).toBeUndefined();
    expect(codeOf(pastMeeting.id)).toBeUndefined();
    expect(codeOf(rejected.id)).toBeUndefined();
    expect(codeOf(mailedLongAgo.id)).toBeUndefined();
    expect(codeOf(skipped.id)).toBeUndefined();
    expect(blocks.get(unsubscribed.id)).toEqual({
      code: 'unsubscribed',
      message: 'Una Sub unsubscribed on 2 Nov 2026 and must not be contacted.',
    });
    expect(blocks.get(won.id)?.message).toBe(
      'Winnie Won is already won: the deal is closed, so there is nothing to follow up.',
    );
    expect(codeOf(lost.id)).toBe('closed');
    expect(blocks.get(meeting.id)).toMatchObject({ code: 'meeting_upcoming' });
    expect(blocks.get(meeting.id)?.message).toMatch(
      /^Meg Meeting has a meeting on \d+ \w+ \d{4} \("Contract review"\)/,
    );
    expect(blocks.get(queued.id)?.message).toMatch(/^A follow-up with Quinn Queued is already queued/);
    expect(blocks.get(waiting.id)).toMatchObject({ code: 'followup_pending' });
    expect(blocks.get(waiting.id)?.message).toMatch(/^A follow-up email to Wade Waiting has been waiting for approval/);
    expect(blocks.get(mailed.id)).toMatchObject({ code: 'contacted_recently' });
    expect(blocks.get(mailed.id)?.message).toMatch(/^Mel Mailed was emailed a follow-up on /);
    expect(blocks.get(drafted.id)).toMatchObject({ code: 'contacted_recently' });
    expect(blocks.get(drafted.id)?.message).toMatch(/waiting as a draft, not sent/);
    expect(codeOf(missing)).toBe('not_found');
  });

  it('when the asking task or approval item is ignored, then it does not block itself (nor the item the task proposed, nor the task that proposed the item)', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const lead = await seedLead(org, { name: 'Ivy Ignored' });
    const own = await seedFollowupTask(org, lead.id, { status: 'IN_PROGRESS' });
    // The item this task proposed on an earlier attempt.
    await seedApproval(org, lead.id, 'pending', own.id);
    const other = await seedLead(org, { name: 'Otto Other' });
    const proposer = await seedFollowupTask(org, other.id, { status: 'COMPLETED', finishedAt: t.clock.now() });
    const item = await seedApproval(org, other.id, 'approved', proposer.id);
    // Act
    const asTask = await outreachBlocks(t.deps, { orgId: org.id, leadIds: [lead.id], ignoreTaskId: own.id });
    const notIgnored = await outreachBlocks(t.deps, { orgId: org.id, leadIds: [lead.id, other.id] });
    const asItem = await outreachBlocks(t.deps, { orgId: org.id, leadIds: [other.id], ignoreApprovalId: item.id });
    // Assert
    expect(asTask.size).toBe(0);
    expect(notIgnored.get(lead.id)?.message).toMatch(/is being written right now/);
    expect(notIgnored.get(other.id)?.message).toMatch(/was approved on .* and is about to be sent/);
    expect(asItem.size).toBe(0);
  });

  it("when another org has tasks, approvals, meetings and follow-ups for a lead, then they never block this org's lead, and its lead is not found here", async () => {
    // Arrange
    const mine = await seedOrg(t.deps);
    const theirs = await seedOrg(t.deps);
    const lead = await seedLead(mine, { name: 'Mine Only' });
    const foreign = await seedLead(theirs, { name: 'Theirs Only' });
    // Rows in the other org that point at my lead's id (a forged input) must not count.
    await seedFollowupTask(theirs, lead.id, { status: 'PENDING' });
    await seedApproval(theirs, lead.id, 'pending');
    // Act
    const blocks = await outreachBlocks(t.deps, { orgId: mine.id, leadIds: [lead.id, foreign.id] });
    // Assert
    expect(blocks.get(lead.id)).toBeUndefined();
    expect(blocks.get(foreign.id)).toEqual({ code: 'not_found', message: 'That lead no longer exists.' });
  });

  it('when asked about 200 leads at once, then it answers for each in one batch', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const leads = await Promise.all(
      Array.from({ length: 200 }, (_, i) => seedLead(org, { name: `Lead ${i}`, stage: i % 2 === 0 ? 'won' : 'new' })),
    );
    // Act
    const blocks = await outreachBlocks(t.deps, { orgId: org.id, leadIds: leads.map((l) => l.id) });
    // Assert
    expect(blocks.size).toBe(100);
  });
});

describe('sendLeadEmail', () => {
  it('when called twice for the same task, then the lead is mailed once with the unsubscribe footer and one activity is logged', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside' });
    const lead = await seedLead(org, { name: 'Ada Lovelace' });
    const task = await seedFollowupTask(org, lead.id, { status: 'IN_PROGRESS' });
    const options = { orgId: org.id, leadId: lead.id, subject: 'Hello', body: 'Hi Ada', taskId: task.id };
    // Act
    const first = await sendLeadEmail(t.deps, options);
    const second = await sendLeadEmail(t.deps, options);
    // Assert
    expect(first).toMatchObject({ emailed: true, emailedTo: lead.email });
    expect(second).toEqual(first);
    const mails = await outboxTo(lead.email ?? '');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toMatch(/^Hi Ada\n\n--\nYou received this email from Brightside\. Unsubscribe: http/);
    const activities = await t.deps.db.leadActivity.findMany({ where: { orgId: org.id, leadId: lead.id } });
    expect(activities).toMatchObject([{ kind: 'ai_followup', taskId: task.id, summary: 'Hi Ada' }]);
    const after = await t.deps.db.lead.findFirstOrThrow({ where: { id: lead.id, orgId: org.id } });
    expect(after.lastActivityAt?.getTime()).toBe(t.clock.now().getTime());
    expect(after.activityCount).toBe(1);
  });

  it('when the message has links, then the mail carries UTM naming the follow-up, the unsubscribe link none, and the activity keeps the text as written', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Linkside' });
    const lead = await seedLead(org, { name: 'Bea Links' });
    const task = await seedFollowupTask(org, lead.id, { status: 'IN_PROGRESS' });
    const body = 'Hi Bea, the quote is at https://linkside.test/quote?id=7. Talk soon!';
    // Act
    const sent = await sendLeadEmail(t.deps, {
      orgId: org.id,
      leadId: lead.id,
      subject: 'Your quote',
      body,
      taskId: task.id,
    });
    // Assert
    expect(sent).toMatchObject({ emailed: true });
    const [mail] = await outboxTo(lead.email ?? '');
    const link = /https:\/\/linkside\.test\/\S+?(?=\. )/.exec(mail?.text ?? '')?.[0] ?? '';
    expect(Object.fromEntries(new URL(link).searchParams)).toEqual({
      id: '7',
      utm_source: 'email',
      utm_medium: 'followup',
      utm_campaign: 'your-quote',
      utm_content: `followup-${task.id}`,
    });
    expect(mail?.text).toMatch(/Unsubscribe: http\S+$/);
    expect(mail?.text.split('Unsubscribe:')[1]).not.toContain('utm_');
    const activity = await t.deps.db.leadActivity.findFirstOrThrow({ where: { orgId: org.id, taskId: task.id } });
    expect(activity.summary).toBe(body);
  });

  it('when the lead is blocked or has no email, then nothing is mailed or logged and the reason is in words', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const gone = await seedLead(org, { name: 'Una Sub', unsubscribedAt: daysFromNow(-1) });
    const noEmail = await seedLead(org, { name: 'No Mail', email: null });
    const task = await seedFollowupTask(org, gone.id, { status: 'IN_PROGRESS' });
    // Act
    const blocked = await sendLeadEmail(t.deps, {
      orgId: org.id,
      leadId: gone.id,
      subject: 'Hi',
      body: 'Hi',
      taskId: task.id,
    });
    const without = await sendLeadEmail(t.deps, {
      orgId: org.id,
      leadId: noEmail.id,
      subject: 'Hi',
      body: 'Hi',
      taskId: task.id,
    });
    // Assert
    expect(blocked).toEqual({ emailed: false, reason: expect.stringMatching(/^Not sent: Una Sub unsubscribed on /) });
    expect(without).toEqual({ emailed: false, reason: 'Not sent: the lead has no email address.' });
    expect(await outboxTo(gone.email ?? '')).toHaveLength(0);
    expect(await t.deps.db.leadActivity.count({ where: { orgId: org.id } })).toBe(0);
  });
});
