import type { AiSource } from '@aiceo/shared/ai';
import type { LeadActivity, LeadDetail, LeadStage } from '@aiceo/shared/leads';
import { formatMoney } from '@aiceo/shared/money';
import { AppError } from '../../../http/app-error';
import { aiMessagesPerAnswer, runAi } from '../../ai/ai.service';
import { approvalStateWords, requestApproval } from '../../approvals/approvals.service';
import { orgNameOf } from '../../campaigns/campaigns.service';
import { CONTACT_KINDS, createActivity, getLead } from '../../leads/leads.service';
import { whatWorkedForPrompt } from '../../outcomes/outcomes.service';
import { outreachBlocks, sendLeadEmail } from '../../outreach/outreach.service';
import { spendUsage } from '../../usage/usage.service';
import {
  PermanentTaskError,
  RetryableTaskError,
  SkippedTaskError,
  type TaskHandler,
  type TaskHandlerDeps,
  type TaskRun,
} from '../task-handler';
import { clip } from '../../../lib/text';
import { actorOf, day, sentence } from './handler-support';

/** The first line of an offline follow-up: a template, logged for the owner but never emailed as is. */
export const OFFLINE_FOLLOWUP_NOTE = "[Template: written offline from the lead's details. Edit it before sending.]";
export const OFFLINE_REASON = 'Written offline from a template: edit it, then send it yourself';
const ACTIVITIES_IN_PROMPT = 5;
const MAX_SUMMARY = 5_000;

const FOLLOWUP_TASK = [
  'Write a short follow-up message from the owner to the lead described below, to move the conversation to its next step.',
  'Use only what the activities below say was said or done with the lead; never invent facts, prices, meetings or earlier conversations.',
  'Reply with the message only: plain text, no subject line, no placeholders, 40 to 120 words, signed with the organisation name.',
].join(' ');

const NO_CONTACT_YET =
  'Nobody has been in touch with this lead yet: this is the first message they will get from us. ' +
  'Do not imply any earlier conversation, call, meeting, email or proposal.';

// With a real contact on record a stage line may refer to it; without one it must not claim an exchange.
const STAGE_LINES: Record<LeadStage, { contacted: string; first: string }> = {
  new: {
    contacted: 'I would love to hear more about what you are working on at {company}.',
    first: 'I would love to hear more about what you are working on at {company}.',
  },
  contacted: {
    contacted: 'Following on from our first exchange, I wanted to see whether this is a good time to talk.',
    first: 'I wanted to reach out to see whether this is a good time to talk about what {company} is working on.',
  },
  qualified: {
    contacted: 'From what you shared, I think we can really help {company}, and I would like to show you how.',
    first: 'I think we could really help {company}, and I would like to show you how.',
  },
  proposal: {
    contacted: 'I wanted to check whether you had a chance to look at our proposal, and whether any questions came up.',
    first: 'I wanted to see whether now is a good time to talk about how we could work with {company}.',
  },
  won: {
    contacted: 'Thank you again for working with us. I wanted to check that everything is going well at {company}.',
    first: 'I wanted to check that everything is going well at {company}.',
  },
  lost: {
    contacted: 'I know the timing was not right before; I wanted to check whether anything has changed at {company}.',
    first: 'I wanted to check whether anything has changed at {company}.',
  },
};

type RecentActivity = Pick<LeadActivity, 'kind' | 'summary'> & { occurredAt: Date };

/** What the follow-up is written from: the lead, its newest activities and its newest real contact. */
type History = { recent: RecentActivity[]; lastContact: RecentActivity | undefined };

/** A follow-up: the letter itself, and notes for whoever edits or approves it (never in the letter). */
type Written = { letter: string; notes: string[]; provider: AiSource };

const oneLine = (text: string, max: number) => clip(text.replace(/\s+/g, ' '), max);

/** Offline mode's follow-up: a marked template from the lead's own data. */
const templateFollowup = (options: {
  lead: Pick<LeadDetail, 'name' | 'company' | 'stage'>;
  lastContact: RecentActivity | undefined;
  brief: string | undefined;
  orgName: string;
}): Omit<Written, 'provider'> => {
  const firstName = options.lead.name.trim().split(/\s+/)[0] ?? options.lead.name;
  const company = options.lead.company || 'your company';
  const contact = options.lastContact;
  const lines = STAGE_LINES[options.lead.stage];
  const notes = [
    OFFLINE_FOLLOWUP_NOTE,
    ...(options.brief ? [`Why now: ${sentence(options.brief)}`] : []),
    contact
      ? `Last contact: ${day(contact.occurredAt)}, ${contact.kind}: "${oneLine(contact.summary, 120)}".`
      : 'No contact logged yet: this would be the first message.',
  ];
  const letter = [
    `Hi ${firstName},`,
    '',
    (contact ? lines.contacted : lines.first).replaceAll('{company}', company),
    '',
    'Would you have 20 minutes this week to talk about next steps?',
    '',
    'Best regards,',
    options.orgName,
  ].join('\n');
  return { letter, notes };
};

const leadPrompt = (
  lead: LeadDetail,
  { recent, lastContact }: History,
  { brief, worked }: { brief: string | undefined; worked: string[] },
): string =>
  [
    `Lead: ${lead.name}${lead.title ? `, ${lead.title}` : ''}${lead.company ? ` at ${lead.company}` : ''}`,
    `Stage: ${lead.stage}; priority: ${lead.priority}${lead.valueCents > 0 ? `; deal value: ${formatMoney(lead.valueCents, lead.currency)}` : ''}`,
    ...(lead.notes ? [`Notes: ${clip(lead.notes, 500)}`] : []),
    ...(lastContact ? [] : [NO_CONTACT_YET]),
    recent.length > 0 ? 'Last activities, newest first:' : 'Nothing logged with this lead yet.',
    ...recent.map((a) => `- ${day(a.occurredAt)} ${a.kind}: ${oneLine(a.summary, 300)}`),
    ...(worked.length > 0 ? ['What worked before:', ...worked.map((line) => `- ${line}`)] : []),
    ...(brief ? [`What the owner wants from this follow-up: ${brief}`] : []),
  ].join('\n');

type Run = TaskRun<'lead_followup'>;

const loadLead = async (deps: TaskHandlerDeps, run: Run): Promise<LeadDetail> => {
  try {
    return await getLead(deps, { orgId: run.orgId, leadId: run.input.leadId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      throw new PermanentTaskError('The lead was deleted', { cause: error });
    throw error;
  }
};

/** Drafts are not history with the lead: neither in the prompt nor as a "last contact". */
const readHistory = async (deps: TaskHandlerDeps, { orgId, leadId }: { orgId: string; leadId: string }) => {
  const select = { kind: true, summary: true, occurredAt: true } as const;
  const orderBy = [{ occurredAt: 'desc' as const }, { id: 'desc' as const }];
  const [recent, lastContact] = await Promise.all([
    deps.db.leadActivity.findMany({
      where: { orgId, leadId, kind: { not: 'followup_draft' } },
      orderBy,
      take: ACTIVITIES_IN_PROMPT,
      select,
    }),
    deps.db.leadActivity.findFirst({ where: { orgId, leadId, kind: { in: [...CONTACT_KINDS] } }, orderBy, select }),
  ]);
  return { recent, lastContact: lastContact ?? undefined };
};

const writeFollowup = (
  deps: TaskHandlerDeps,
  { run, lead, orgName }: { run: Run; lead: LeadDetail; orgName: string },
): Promise<Written> =>
  spendUsage(deps, { orgId: run.orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const [history, worked] = await Promise.all([
      readHistory(deps, { orgId: run.orgId, leadId: lead.id }),
      whatWorkedForPrompt(deps, { orgId: run.orgId, action: 'followup' }),
    ]);
    const result = await runAi(deps, {
      orgId: run.orgId,
      userId: actorOf(run),
      purpose: 'creative',
      turns: [{ role: 'user', content: leadPrompt(lead, history, { brief: run.input.brief, worked }) }],
      task: FOLLOWUP_TASK,
      signal: run.signal,
    });
    // A lost lease stops the AI early; its partial answer must not be used.
    run.signal.throwIfAborted();
    if (result.provider !== 'offline') return { letter: result.text.trim(), notes: [], provider: result.provider };
    const template = templateFollowup({
      lead,
      lastContact: history.lastContact,
      brief: run.input.brief,
      orgName,
    });
    return { ...template, provider: 'offline' };
  });

/** A draft's summary: the notes (offline templates only) above the letter, separated by one blank line. */
const draftSummary = ({ letter, notes }: Pick<Written, 'letter' | 'notes'>) =>
  clip(notes.length > 0 ? `${notes.join('\n')}\n\n${letter}` : letter, MAX_SUMMARY);

/** The letter and notes back from a draft logged by an earlier attempt (notes have no blank line). */
const fromDraft = (summary: string): Pick<Written, 'letter' | 'notes'> => {
  if (!summary.startsWith(OFFLINE_FOLLOWUP_NOTE)) return { letter: summary, notes: [] };
  const split = summary.indexOf('\n\n');
  return split < 0
    ? { letter: summary, notes: [] }
    : { letter: summary.slice(split + 2), notes: summary.slice(0, split).split('\n') };
};

type Draft = { activityId: string; letter: string; notes: string[]; offline: boolean };

/** This task's draft: the one an earlier attempt logged, or a new one written and logged as followup_draft. */
const draftFor = async (
  deps: TaskHandlerDeps,
  { run, lead, orgName }: { run: Run; lead: LeadDetail; orgName: string },
): Promise<Draft> => {
  const earlier = await deps.db.leadActivity.findFirst({
    where: { orgId: run.orgId, taskId: run.id, kind: 'followup_draft' },
    select: { id: true, summary: true },
  });
  if (earlier) {
    const parts = fromDraft(earlier.summary);
    return { activityId: earlier.id, ...parts, offline: parts.notes.length > 0 };
  }
  const written = await writeFollowup(deps, { run, lead, orgName });
  if (!written.letter) throw new RetryableTaskError('The AI wrote an empty follow-up');
  run.signal.throwIfAborted();
  const activity = await createActivity(deps, {
    orgId: run.orgId,
    leadId: lead.id,
    actorId: actorOf(run),
    taskId: run.id,
    input: { kind: 'followup_draft', summary: draftSummary(written) },
  });
  return {
    activityId: activity.id,
    letter: clip(written.letter, MAX_SUMMARY),
    notes: written.notes,
    offline: written.provider === 'offline',
  };
};

const subjectFor = (orgName: string) => `Following up from ${orgName}`;

/** Why the insight that queued this task wanted it, read by the task's id within the org. */
const whyOf = async (deps: TaskHandlerDeps, run: Run) => {
  const task = await deps.db.task.findFirst({
    where: { id: run.id, orgId: run.orgId },
    select: { insightId: true, insight: { select: { title: true, reason: true, kind: true, data: true } } },
  });
  const insight = task?.insight;
  return { insightId: task?.insightId ?? null, insight };
};

/** The engine's follow-up goes to the approval inbox; nothing is sent from here. */
const proposeForApproval = async (
  deps: TaskHandlerDeps,
  { run, lead, draft }: { run: Run; lead: LeadDetail & { email: string }; draft: Draft },
) => {
  const [orgName, why] = await Promise.all([orgNameOf(deps, { orgId: run.orgId }), whyOf(deps, run)]);
  const notes = draft.notes.filter((note) => note !== OFFLINE_FOLLOWUP_NOTE);
  const reason = [
    why.insight ? `${why.insight.title}: ${why.insight.reason}` : run.title,
    ...(run.input.brief && !why.insight ? [sentence(run.input.brief)] : []),
    ...notes,
  ].join('\n');
  const item = await requestApproval(deps, {
    orgId: run.orgId,
    kind: 'lead_email',
    taskId: run.id,
    insightId: why.insightId,
    targetType: 'lead',
    targetId: lead.id,
    title: `Follow-up email to ${lead.name}`,
    audience: `${lead.name} <${lead.email}>`,
    audienceSize: 1,
    content: { subject: subjectFor(orgName), body: draft.letter },
    needsEdit: draft.offline,
    moneyMinor: lead.valueCents,
    currency: lead.currency,
    reason,
    evidence: {
      ...(why.insight ? { insightKind: why.insight.kind, insight: why.insight.data } : {}),
      leadId: lead.id,
      stage: lead.stage,
      lastActivityAt: lead.lastActivityAt,
    },
  });
  const waiting = approvalStateWords(item.status, {
    approved: 'Approved by an auto-approve rule: it will be emailed shortly (not sent yet)',
    pending: draft.offline
      ? 'Written offline from a template: waiting in the approval inbox for an edit and your approval, not sent'
      : 'Waiting in the approval inbox for your approval, not sent',
  });
  return { approvalId: item.id, approvalStatus: item.status, reason: waiting };
};

type Output = Record<string, unknown>;

/** Owner or API key asked for the email: sent now through the one outreach path, or left as the draft with why. */
const sendNow = async (
  deps: TaskHandlerDeps,
  { run, lead, draft }: { run: Run; lead: LeadDetail; draft: Draft },
): Promise<Output> => {
  if (draft.offline) return { emailed: false, reason: OFFLINE_REASON };
  const orgName = await orgNameOf(deps, { orgId: run.orgId });
  run.signal.throwIfAborted();
  const sent = await sendLeadEmail(deps, {
    orgId: run.orgId,
    leadId: lead.id,
    subject: subjectFor(orgName),
    body: draft.letter,
    taskId: run.id,
  });
  // Sent: the draft activity became the ai_followup (the same row, logged once per task).
  return sent.emailed
    ? { emailed: true, emailedTo: sent.emailedTo, activityId: sent.activityId || draft.activityId }
    : { emailed: false, reason: sent.reason };
};

/** What happens to the draft: emailed, sent to the approval inbox, or kept as a draft with why. */
const deliver = async (
  deps: TaskHandlerDeps,
  { run, lead, draft }: { run: Run; lead: LeadDetail; draft: Draft },
): Promise<Output> => {
  if (!run.input.sendEmail) return { emailed: false, reason: 'Email was not asked for: the follow-up is a draft' };
  if (!lead.email)
    return { emailed: false, reason: 'The lead has no email address: the follow-up is a draft to send another way' };
  if (run.origin === 'user' || run.origin === 'api_key') return sendNow(deps, { run, lead, draft });
  // The engine and goals act alone: their emails wait for the owner's yes (or an auto-approve rule).
  const waiting = await proposeForApproval(deps, { run, lead: { ...lead, email: lead.email }, draft });
  return { emailed: false, awaitingApproval: true, ...waiting };
};

/**
 * Writes a follow-up for the lead with the AI, unless the lead must not be contacted now (the task
 * is then skipped with why, nothing written). It is logged as a followup_draft (not a contact), then:
 * the owner's or an API key's email is sent now (the draft becomes an ai_followup, a real contact);
 * the engine's waits in the approval inbox; otherwise it stays a draft. The output never says sent
 * when it was not.
 */
export const runLeadFollowup: TaskHandler<'lead_followup'> = async (deps, run) => {
  const { orgId } = run;
  const lead = await loadLead(deps, run);
  // Already emailed by an earlier attempt: that is the outcome, whatever changed since.
  const sent = await deps.db.leadActivity.findFirst({
    where: { orgId, taskId: run.id, kind: 'ai_followup' },
    select: { id: true, summary: true },
  });
  if (sent)
    return { activityId: sent.id, leadId: lead.id, message: sent.summary, emailed: true, emailedTo: lead.email };
  const block = (await outreachBlocks(deps, { orgId, leadIds: [lead.id], ignoreTaskId: run.id })).get(lead.id);
  if (block) {
    // A draft from an earlier attempt stays on the lead (it was written); it is just not sent.
    const drafted = await deps.db.leadActivity.count({ where: { orgId, taskId: run.id, kind: 'followup_draft' } });
    throw new SkippedTaskError(`${drafted > 0 ? 'Not sent' : 'Skipped, nothing written or sent'}: ${block.message}`);
  }
  const orgName = await orgNameOf(deps, { orgId });
  const draft = await draftFor(deps, { run, lead, orgName });
  const outcome = await deliver(deps, { run, lead, draft });
  const message = draft.notes.length > 0 ? draftSummary(draft) : draft.letter;
  return { activityId: draft.activityId, leadId: lead.id, message, ...outcome };
};
