import { renderTemplate, UNSUBSCRIBE_FOOTER } from '@aiceo/shared/campaigns';
import type { AiSource } from '@aiceo/shared/ai';
import type { LeadActivity, LeadDetail, LeadStage } from '@aiceo/shared/leads';
import { AppError } from '../../../http/app-error';
import { runAi } from '../../ai/ai.service';
import { orgNameOf } from '../../campaigns/campaigns.service';
import { unsubscribeUrl } from '../../campaigns/unsubscribe.service';
import { createActivity, getLead } from '../../leads/leads.service';
import { spendUsage } from '../../usage/usage.service';
import {
  PermanentTaskError,
  RetryableTaskError,
  type TaskHandler,
  type TaskHandlerDeps,
  type TaskRun,
} from '../task-handler';
import { clip } from '../../../lib/text';
import { actorOf, day, sentence } from './handler-support';

/** The first line of an offline follow-up: a template, logged for the owner but never emailed as is. */
export const OFFLINE_FOLLOWUP_NOTE = "[Template: written offline from the lead's details. Edit it before sending.]";
const ACTIVITIES_IN_PROMPT = 5;
const MAX_SUMMARY = 5_000;

const FOLLOWUP_TASK = [
  'Write a short follow-up message from the owner to the lead described below, to move the conversation to its next step.',
  'Use what was last said or done with the lead; never invent facts, prices or meetings.',
  'Reply with the message only: plain text, no subject line, no placeholders, 40 to 120 words, signed with the organisation name.',
].join(' ');

const STAGE_LINES: Record<LeadStage, string> = {
  new: 'I would love to hear more about what you are working on at {company}.',
  contacted: 'Following on from our first exchange, I wanted to see whether this is a good time to talk.',
  qualified: 'From what you shared, I think we can really help {company}, and I would like to show you how.',
  proposal: 'I wanted to check whether you had a chance to look at our proposal, and whether any questions came up.',
  won: 'Thank you again for working with us. I wanted to check that everything is going well at {company}.',
  lost: 'I know the timing was not right before; I wanted to check whether anything has changed at {company}.',
};

type RecentActivity = Pick<LeadActivity, 'kind' | 'summary'> & { occurredAt: Date };

/** Offline mode's follow-up: a marked template from the lead's own data. */
const templateFollowup = (options: {
  lead: Pick<LeadDetail, 'name' | 'company' | 'stage'>;
  lastActivity: RecentActivity | undefined;
  brief: string | undefined;
  orgName: string;
}): string => {
  const firstName = options.lead.name.trim().split(/\s+/)[0] ?? options.lead.name;
  const company = options.lead.company || 'your company';
  const last = options.lastActivity
    ? `Last contact: ${day(options.lastActivity.occurredAt)}, ${options.lastActivity.kind}: "${clip(options.lastActivity.summary.replace(/\s+/g, ' '), 120)}".`
    : '';
  // The brief and the last contact are notes for whoever edits the message, above it, never in the letter itself.
  return [
    OFFLINE_FOLLOWUP_NOTE,
    ...(options.brief ? [`Why now: ${sentence(options.brief)}`] : []),
    ...(last ? [last] : []),
    '',
    `Hi ${firstName},`,
    '',
    STAGE_LINES[options.lead.stage].replaceAll('{company}', company),
    '',
    'Would you have 20 minutes this week to talk about next steps?',
    '',
    'Best regards,',
    options.orgName,
  ].join('\n');
};

const leadPrompt = (lead: LeadDetail, activities: RecentActivity[], brief: string | undefined): string =>
  [
    `Lead: ${lead.name}${lead.title ? `, ${lead.title}` : ''}${lead.company ? ` at ${lead.company}` : ''}`,
    `Stage: ${lead.stage}; priority: ${lead.priority}${lead.valueCents > 0 ? `; deal value: $${(lead.valueCents / 100).toFixed(2)}` : ''}`,
    ...(lead.notes ? [`Notes: ${clip(lead.notes, 500)}`] : []),
    activities.length > 0 ? 'Last activities, newest first:' : 'Nothing logged with this lead yet.',
    ...activities.map((a) => `- ${day(a.occurredAt)} ${a.kind}: ${clip(a.summary.replace(/\s+/g, ' '), 300)}`),
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

const writeFollowup = (
  deps: TaskHandlerDeps,
  run: Run,
  lead: LeadDetail,
  orgName: string,
): Promise<{ message: string; provider: AiSource }> =>
  spendUsage(deps, { orgId: run.orgId, resource: 'aiMessages' }, async () => {
    // Only the newest few go into the prompt; the lead itself is already loaded.
    const recent = await deps.db.leadActivity.findMany({
      where: { orgId: run.orgId, leadId: lead.id },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: ACTIVITIES_IN_PROMPT,
      select: { kind: true, summary: true, occurredAt: true },
    });
    const result = await runAi(deps, {
      orgId: run.orgId,
      userId: actorOf(run),
      purpose: 'creative',
      turns: [{ role: 'user', content: leadPrompt(lead, recent, run.input.brief) }],
      task: FOLLOWUP_TASK,
      signal: run.signal,
    });
    // A lost lease stops the AI early; its partial answer must not be used.
    run.signal.throwIfAborted();
    if (result.provider !== 'offline') return { message: result.text.trim(), provider: result.provider };
    return {
      message: templateFollowup({ lead, lastActivity: recent[0], brief: run.input.brief, orgName }),
      provider: 'offline',
    };
  });

type Emailed = { emailed: true; emailedTo: string } | { emailed: false; reason: string };

/** Mails the message with the campaigns' unsubscribe footer and headers; counts one email. */
const emailLead = async (
  deps: TaskHandlerDeps,
  { orgId, lead, orgName, message }: { orgId: string; lead: LeadDetail; orgName: string; message: string },
): Promise<Emailed> => {
  if (!lead.email) return { emailed: false, reason: 'The lead has no email address' };
  if (lead.unsubscribedAt) return { emailed: false, reason: 'The lead unsubscribed from emails' };
  if (message.startsWith(OFFLINE_FOLLOWUP_NOTE))
    return { emailed: false, reason: 'Written offline from a template: edit it, then send it yourself' };
  const to = lead.email;
  const url = unsubscribeUrl(deps, { orgId, leadId: lead.id });
  try {
    return await spendUsage(deps, { orgId, resource: 'emails' }, async (): Promise<Emailed> => {
      const result = await deps.mailer.send({
        to,
        subject: `Following up from ${orgName}`.replace(/\s+/g, ' '),
        text: `${message}${renderTemplate(UNSUBSCRIBE_FOOTER, { org: orgName, unsubscribeUrl: url })}`,
        headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      // Thrown so the executor retries (and the email is given back); the activity is found again by taskId, not logged twice.
      if (result.status === 'failed') throw new RetryableTaskError(`Could not email ${to}: ${result.error}`);
      return { emailed: true, emailedTo: to };
    });
  } catch (error) {
    // Only the reservation answers QUOTA_EXCEEDED: the follow-up is written and logged; only the mail waits for next month or an upgrade.
    if (error instanceof AppError && error.code === 'QUOTA_EXCEEDED') return { emailed: false, reason: error.message };
    throw error;
  }
};

/**
 * Writes a follow-up for the lead with the AI and logs it as an ai_followup activity (which
 * counts towards the lead's activity and score), then emails it when asked and allowed.
 */
export const runLeadFollowup: TaskHandler<'lead_followup'> = async (deps, run) => {
  const { orgId } = run;
  const [lead, orgName, earlier] = await Promise.all([
    loadLead(deps, run),
    orgNameOf(deps, { orgId }),
    deps.db.leadActivity.findFirst({ where: { orgId, taskId: run.id }, select: { id: true, summary: true } }),
  ]);
  let activityId: string;
  let message: string;
  if (earlier) {
    activityId = earlier.id;
    message = earlier.summary;
  } else {
    const written = await writeFollowup(deps, run, lead, orgName);
    if (!written.message) throw new RetryableTaskError('The AI wrote an empty follow-up');
    message = clip(written.message, MAX_SUMMARY);
    run.signal.throwIfAborted();
    const activity = await createActivity(deps, {
      orgId,
      leadId: lead.id,
      actorId: actorOf(run),
      taskId: run.id,
      input: { kind: 'ai_followup', summary: message },
    });
    activityId = activity.id;
  }
  const emailed: Emailed = run.input.sendEmail
    ? await emailLead(deps, { orgId, lead, orgName, message })
    : { emailed: false, reason: 'Email was not asked for' };
  return { activityId, leadId: lead.id, message, ...emailed };
};
