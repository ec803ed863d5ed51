import request from 'supertest';
import type { InsightKind } from '@aiceo/shared/agentic';
import { bearer, seedUser, type SeededUser } from '../../../testing/seed';
import { seedBooks } from '../../../testing/seed-books';
import type { TestContext } from '../../../testing/test-app';
import { unsubscribeUrl } from '../../campaigns/unsubscribe.service';
import { createActivity } from '../../leads/leads.service';
import { SCENARIO_NOW, type LeadSpec, type OrgSpec, type Scenario } from './scenario-data';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const daysAgo = (days: number) => new Date(SCENARIO_NOW.getTime() - days * DAY_MS);
const daysAhead = (days: number) => new Date(SCENARIO_NOW.getTime() + days * DAY_MS);

/** What one scenario's two analyses did, by lead name and insight kind. */
export type ScenarioOutcome = {
  id: string;
  expected: Scenario['expect'];
  /** Kinds of the insights the first analysis recorded. */
  situations: InsightKind[];
  /** Leads the first analysis acted on (a follow-up task or an approval item for them). */
  followUps: string[];
  /** Tasks and approval items the first analysis made that are not about a lead (a post, a catch-up plan). */
  otherActions: number;
  /** Must-not leads acted on by either analysis. */
  mustNotActions: string[];
  /** Insights, tasks and approval items the second analysis added. */
  secondRunAdded: { insights: number; actions: number };
  /** Facts the scenario relies on that did not hold (the org was not built as described). */
  brokenFacts: string[];
  error: string | null;
};

type Built = { orgId: string; owner: SeededUser; leadIds: Map<string, string>; brokenFacts: string[] };

/** A request as the owner, checking the status so a scenario is never judged on an org built wrong. */
const ownerCall = async (
  t: TestContext,
  owner: SeededUser,
  { method, path, body, status }: { method: 'get' | 'post'; path: string; body?: object; status: number },
) => {
  const req = method === 'get' ? request(t.app).get(path) : request(t.app).post(path).send(body);
  const res = await req.set(bearer(owner.token));
  if (res.status !== status)
    throw new Error(
      `${method.toUpperCase()} ${path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
    );
  return res.body as Record<string, unknown> & { id: string };
};

/** Runs `fn` with the test clock at `at`; the API stamps what it writes with that time. */
const at = async <T>(t: TestContext, when: Date, fn: () => Promise<T>): Promise<T> => {
  t.clock.set(when);
  try {
    return await fn();
  } finally {
    t.clock.set(SCENARIO_NOW);
  }
};

const createdDaysAgoOf = (lead: LeadSpec) =>
  lead.createdDaysAgo ?? Math.max(60, (lead.contactedDaysAgo ?? 0) + 5, lead.ownerFollowup ? 30 : 0);

const buildLead = async (t: TestContext, built: Built, lead: LeadSpec) => {
  const { orgId, owner } = built;
  const base = `/api/orgs/${orgId}/leads`;
  const createdAt = daysAgo(createdDaysAgoOf(lead));
  const { id } = await at(t, createdAt, () =>
    ownerCall(t, owner, {
      method: 'post',
      path: base,
      body: {
        name: lead.name,
        company: lead.company ?? lead.name,
        stage: lead.stage,
        valueCents: (lead.value ?? 0) * 100,
      },
      status: 201,
    }),
  );
  // The lead insert takes the database's own time; the lead came in on its day.
  await t.deps.db.lead.update({ where: { id, orgId }, data: { createdAt } });
  built.leadIds.set(lead.name, id);
  if (lead.contactedDaysAgo !== undefined) {
    const when = daysAgo(lead.contactedDaysAgo);
    await at(t, when, () =>
      ownerCall(t, owner, {
        method: 'post',
        path: `${base}/${id}/activities`,
        body: { kind: 'call', summary: `Call with ${lead.name} about next steps`, occurredAt: when.toISOString() },
        status: 201,
      }),
    );
  }
  if (lead.meetingInDays !== undefined) {
    const startsAt = daysAhead(lead.meetingInDays);
    await ownerCall(t, owner, {
      method: 'post',
      path: `${base}/${id}/meetings`,
      body: {
        title: `Contract meeting with ${lead.name}`,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + HOUR_MS).toISOString(),
      },
      status: 201,
    });
  }
  if (lead.unsubscribedDaysAgo !== undefined) {
    // The lead clicked the unsubscribe link of a campaign email.
    const { pathname } = new URL(unsubscribeUrl(t.deps, { orgId, leadId: id }));
    await at(t, daysAgo(lead.unsubscribedDaysAgo), async () => {
      const res = await request(t.app).post(pathname);
      if (res.status !== 200) throw new Error(`unsubscribe answered ${res.status}`);
    });
  }
  if (lead.ownerFollowup) await buildOwnerFollowup(t, built, lead, id);
};

/** A lead's last contact as the API shows it must still be its real one (a draft is not a contact). */
const checkStillQuiet = async (t: TestContext, built: Built, lead: LeadSpec, leadId: string) => {
  const { orgId, owner } = built;
  const after = await ownerCall(t, owner, { method: 'get', path: `/api/orgs/${orgId}/leads/${leadId}`, status: 200 });
  const contact = lead.contactedDaysAgo === undefined ? null : daysAgo(lead.contactedDaysAgo).toISOString();
  if (after['lastActivityAt'] !== contact)
    built.brokenFacts.push(
      `${lead.name}: the unsent draft moved the last contact to ${String(after['lastActivityAt'])} (real contact ${contact ?? 'none'})`,
    );
  if (!after['followupDraftedAt']) built.brokenFacts.push(`${lead.name}: followupDraftedAt is not set after the draft`);
};

/**
 * What the executor leaves when a follow-up task has run: the task finished and the message
 * logged through the leads service as the task logs it (a person cannot log these kinds by hand),
 * as a `followup_draft` (written offline, never sent) or an `ai_followup` (emailed).
 */
const finishFollowup = async (
  t: TestContext,
  {
    orgId,
    taskId,
    leadId,
    name,
    at: finishedAt,
    sent,
  }: {
    orgId: string;
    taskId: string;
    leadId: string;
    name: string;
    at: Date;
    sent: boolean;
  },
) => {
  const message = `Hi ${name.split(' ')[0]}, would you have 20 minutes this week to talk about next steps?`;
  await createActivity(t.deps, {
    orgId,
    leadId,
    actorId: null,
    taskId,
    input: { kind: sent ? 'ai_followup' : 'followup_draft', summary: message, occurredAt: finishedAt.toISOString() },
  });
  await t.deps.db.task.update({
    where: { id: taskId, orgId },
    data: {
      status: 'COMPLETED',
      attempts: 1,
      startedAt: finishedAt,
      finishedAt,
      updatedAt: finishedAt,
      output: sent
        ? { leadId, message, emailed: true, emailedTo: 'lead@example.test' }
        : { leadId, message, emailed: false, reason: 'Written offline from a template' },
    },
  });
};

/** The owner's own follow-up through the tasks API: waiting, being written, drafted or sent. */
const buildOwnerFollowup = async (t: TestContext, built: Built, lead: LeadSpec, leadId: string) => {
  const { orgId, owner } = built;
  const followup = lead.ownerFollowup;
  if (!followup) return;
  const queuedAt = 'daysAgo' in followup ? daysAgo(followup.daysAgo) : new Date(SCENARIO_NOW.getTime() - HOUR_MS);
  const task = await at(t, queuedAt, () =>
    ownerCall(t, owner, {
      method: 'post',
      path: `/api/orgs/${orgId}/tasks`,
      body: { type: 'lead_followup', input: { leadId, sendEmail: followup.state === 'sent' } },
      status: 201,
    }),
  );
  if (followup.state === 'pending') return;
  if (followup.state === 'running') {
    // A worker claimed it a minute ago and holds the lease.
    const startedAt = new Date(SCENARIO_NOW.getTime() - 60_000);
    await t.deps.db.task.update({
      where: { id: task.id, orgId },
      data: {
        status: 'IN_PROGRESS',
        attempts: 1,
        startedAt,
        leaseOwner: 'scenario-worker',
        leaseExpiresAt: new Date(SCENARIO_NOW.getTime() + 4 * 60_000),
      },
    });
    return;
  }
  const sent = followup.state === 'sent';
  const finishedAt = new Date(queuedAt.getTime() + 2 * 60_000);
  await finishFollowup(t, { orgId, taskId: task.id, leadId, name: lead.name, at: finishedAt, sent });
  if (!sent) await checkStillQuiet(t, built, lead, leadId);
};

/** An earlier hourly run of the engine; the follow-ups it queued ran offline and left drafts. */
const buildEarlierRun = async (t: TestContext, built: Built, org: OrgSpec) => {
  if (!org.earlierRun) return;
  const { orgId, owner } = built;
  const ranAt = daysAgo(org.earlierRun.daysAgo);
  await at(t, ranAt, () =>
    ownerCall(t, owner, { method: 'post', path: `/api/orgs/${orgId}/agentic/analyze`, status: 200 }),
  );
  const followups = await t.deps.db.task.findMany({
    where: { orgId, type: 'lead_followup', origin: 'agentic' },
    select: { id: true, input: true },
  });
  const leads = org.leads ?? [];
  for (const task of followups) {
    const leadId = (task.input as { leadId: string }).leadId;
    const name = [...built.leadIds].find(([, id]) => id === leadId)?.[0] ?? 'there';
    await finishFollowup(t, {
      orgId,
      taskId: task.id,
      leadId,
      name,
      at: new Date(ranAt.getTime() + 15 * 60_000),
      sent: false,
    });
    const lead = leads.find((spec) => spec.name === name);
    if (lead) await checkStillQuiet(t, built, lead, leadId);
  }
  if (followups.length === 0) built.brokenFacts.push('the earlier run queued no follow-up to leave as a draft');
};

const buildPosts = async (t: TestContext, built: Built, org: OrgSpec) => {
  const { orgId, owner } = built;
  const path = `/api/orgs/${orgId}/posts`;
  for (const [i, days] of (org.publishedDaysAgo ?? [5, 12]).entries()) {
    const publishedAt = daysAgo(days);
    const post = await at(t, new Date(publishedAt.getTime() - HOUR_MS), () =>
      ownerCall(t, owner, {
        method: 'post',
        path,
        body: { body: `Tip ${i + 1}: what our customers asked this week`, scheduledFor: publishedAt.toISOString() },
        status: 201,
      }),
    );
    // What the publish job leaves once LinkedIn accepted the post.
    await t.deps.db.contentPost.update({ where: { id: post.id, orgId }, data: { status: 'published', publishedAt } });
  }
  for (const [i, days] of (org.scheduledInDays ?? [3]).entries()) {
    await ownerCall(t, owner, {
      method: 'post',
      path,
      body: { body: `Upcoming ${i + 1}: a customer story`, scheduledFor: daysAhead(days).toISOString() },
      status: 201,
    });
  }
  for (let i = 0; i < (org.drafts ?? 0); i += 1) {
    await ownerCall(t, owner, {
      method: 'post',
      path,
      body: { body: `Draft ${i + 1}: ideas for next month` },
      status: 201,
    });
  }
};

const buildTasks = async (t: TestContext, built: Built, org: OrgSpec) => {
  const { orgId, owner } = built;
  const report = { type: 'report', input: { period: 'week' } };
  const path = `/api/orgs/${orgId}/tasks`;
  if (org.failedTasks) {
    const { count, error, daysAgo: last } = org.failedTasks;
    for (let i = 0; i < count; i += 1) {
      const queuedAt = daysAgo(last + i);
      const task = await at(t, queuedAt, () =>
        ownerCall(t, owner, { method: 'post', path, body: report, status: 201 }),
      );
      const finishedAt = new Date(queuedAt.getTime() + 5 * 60_000);
      // What the executor leaves after the last attempt failed.
      await t.deps.db.task.update({
        where: { id: task.id, orgId },
        data: { status: 'FAILED', attempts: 3, error, startedAt: finishedAt, finishedAt, updatedAt: finishedAt },
      });
    }
  }
  if (org.overdueTasks) {
    const dueAt = new Date(SCENARIO_NOW.getTime() - org.overdueTasks.hoursLate * HOUR_MS);
    for (let i = 0; i < org.overdueTasks.count; i += 1)
      await at(t, dueAt, () => ownerCall(t, owner, { method: 'post', path, body: report, status: 201 }));
  }
};

const buildGoal = async (t: TestContext, built: Built, org: OrgSpec) => {
  if (!org.goal) return;
  const { orgId, owner } = built;
  const { title, metric, target, createdDaysAgo, dueInDays } = org.goal;
  const goal = await at(t, daysAgo(createdDaysAgo), () =>
    ownerCall(t, owner, {
      method: 'post',
      path: `/api/orgs/${orgId}/goals`,
      body: { title, metric, target, targetDate: daysAhead(dueInDays).toISOString() },
      status: 201,
    }),
  );
  // The executor ran the steps that came due: what is left is the live number, not a stuck queue.
  const steps = await t.deps.db.task.findMany({
    where: { orgId, goalId: goal.id, status: 'PENDING', runAfter: { lte: SCENARIO_NOW } },
    select: { id: true, runAfter: true },
  });
  for (const step of steps)
    await t.deps.db.task.update({
      where: { id: step.id, orgId },
      data: { status: 'COMPLETED', attempts: 1, startedAt: step.runAfter, finishedAt: step.runAfter },
    });
};

/** The scenario's organisation, built through the API as its owner would have, day by day. */
export const buildScenarioOrg = async (t: TestContext, scenario: Scenario): Promise<Built> => {
  const { org } = scenario;
  const owner = await seedUser(t.deps, { name: `Owner of ${scenario.id}` });
  const created = await at(t, daysAgo(org.ageDays ?? 400), () =>
    ownerCall(t, owner, { method: 'post', path: '/api/orgs', body: { name: scenario.id }, status: 201 }),
  );
  // The hourly analysis covers paying orgs; a subscription would set this.
  await t.deps.db.organization.update({ where: { id: created.id }, data: { plan: 'pro' } });
  const built: Built = { orgId: created.id, owner, leadIds: new Map(), brokenFacts: [] };
  await buildPosts(t, built, org);
  for (const lead of org.leads ?? []) await buildLead(t, built, lead);
  await buildTasks(t, built, org);
  await buildGoal(t, built, org);
  if (org.books) await seedBooks(t.deps, { orgId: built.orgId, currency: 'USD', ...org.books });
  await buildEarlierRun(t, built, org);
  return built;
};

type Work = { tasks: Set<string>; approvals: Set<string> };

const workOf = async (t: TestContext, orgId: string): Promise<Work> => {
  const [tasks, approvals] = await Promise.all([
    t.deps.db.task.findMany({ where: { orgId }, select: { id: true } }),
    t.deps.db.approvalItem.findMany({ where: { orgId }, select: { id: true } }),
  ]);
  return { tasks: new Set(tasks.map((row) => row.id)), approvals: new Set(approvals.map((row) => row.id)) };
};

/** What an analysis added: the leads it acted on (by id) and its other actions. */
const addedSince = async (t: TestContext, orgId: string, before: Work) => {
  const [tasks, approvals] = await Promise.all([
    t.deps.db.task.findMany({ where: { orgId }, select: { id: true, type: true, input: true } }),
    t.deps.db.approvalItem.findMany({ where: { orgId }, select: { id: true, targetType: true, targetId: true } }),
  ]);
  const newTasks = tasks.filter((task) => !before.tasks.has(task.id));
  const newApprovals = approvals.filter((item) => !before.approvals.has(item.id));
  const leadIds = new Set<string>();
  let other = 0;
  for (const task of newTasks) {
    const leadId = (task.input as { leadId?: unknown } | null)?.leadId;
    if (typeof leadId === 'string') leadIds.add(leadId);
    else other += 1;
  }
  for (const item of newApprovals) {
    if (item.targetType === 'lead') leadIds.add(item.targetId);
    else other += 1;
  }
  return { leadIds, other, total: newTasks.length + newApprovals.length };
};

const analyze = async (t: TestContext, built: Built) => {
  const res = await request(t.app).post(`/api/orgs/${built.orgId}/agentic/analyze`).set(bearer(built.owner.token));
  if (res.status !== 200) throw new Error(`analyze answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body as { insights: { kind: InsightKind }[] };
};

/** Builds the scenario's org, runs the real engine twice at SCENARIO_NOW and reports what it did. */
export const runScenario = async (t: TestContext, scenario: Scenario): Promise<ScenarioOutcome> => {
  const outcome: ScenarioOutcome = {
    id: scenario.id,
    expected: scenario.expect,
    situations: [],
    followUps: [],
    otherActions: 0,
    mustNotActions: [],
    secondRunAdded: { insights: 0, actions: 0 },
    brokenFacts: [],
    error: null,
  };
  try {
    t.clock.set(SCENARIO_NOW);
    const built = await buildScenarioOrg(t, scenario);
    outcome.brokenFacts = built.brokenFacts;
    const nameOf = new Map([...built.leadIds].map(([name, id]) => [id, name]));
    const named = (ids: Set<string>) => [...ids].map((id) => nameOf.get(id) ?? `unknown lead ${id}`);

    const beforeFirst = await workOf(t, built.orgId);
    const first = await analyze(t, built);
    const firstAdded = await addedSince(t, built.orgId, beforeFirst);
    outcome.situations = [...new Set(first.insights.map((insight) => insight.kind))];
    outcome.followUps = named(firstAdded.leadIds);
    outcome.otherActions = firstAdded.other;

    const beforeSecond = await workOf(t, built.orgId);
    const second = await analyze(t, built);
    const secondAdded = await addedSince(t, built.orgId, beforeSecond);
    outcome.secondRunAdded = { insights: second.insights.length, actions: secondAdded.total };

    const acted = new Set([...outcome.followUps, ...named(secondAdded.leadIds)]);
    outcome.mustNotActions = scenario.expect.mustNot.filter((name) => acted.has(name));
  } catch (error) {
    outcome.error = error instanceof Error ? error.message : String(error);
  } finally {
    t.clock.set(SCENARIO_NOW);
  }
  return outcome;
};
