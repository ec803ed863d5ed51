import { createCampaignInputSchema, dropUnknownTemplateVariables, type Campaign } from '@aiceo/shared/campaigns';
import type { AiSource } from '@aiceo/shared/ai';
import { getAiSettings } from '../../ai/ai-settings.service';
import { aiMessagesPerAnswer, runAi } from '../../ai/ai.service';
import { sendCampaign } from '../../campaigns/campaign-sending.service';
import { audienceLeadsWhere, createCampaign, getCampaign, orgNameOf } from '../../campaigns/campaigns.service';
import {
  approvalReasonFor,
  approvalStateWords,
  needsApproval,
  requestApproval,
} from '../../approvals/approvals.service';
import type { TaskHandler, TaskHandlerDeps, TaskRun } from '../task-handler';
import { clip } from '../../../lib/text';
import { spendUsage } from '../../usage/usage.service';
import { actorOf, sentence } from './handler-support';

/** The first line of an offline email: a template the owner should edit before it goes out. */
export const OFFLINE_EMAIL_NOTE = '[Template: written offline from your brief and settings. Edit it before sending.]';
const NOT_ASKED_REASON = 'Sending was not asked for: the campaign is kept as a draft';
const TEMPLATE_REASON = 'Written offline from a template: edit the draft campaign, then send it';

const PLACEHOLDERS = ['firstName', 'name', 'company', 'title', 'org'].map((name) => `{{${name}}}`).join(', ');
const EMAIL_TASK = [
  'Write one marketing email for the owner from their brief, grounded in the organisation data you were given (never invent numbers or offers).',
  'Reply with "Subject: " and the subject on the first line, then an empty line, then the body as plain text (no Markdown, no HTML).',
  `The email goes to each lead of the audience: to personalise it you may use only these placeholders: ${PLACEHOLDERS}; a default after a bar is allowed, as in {{firstName|there}}.`,
  'Do not add an unsubscribe line: one is added to every email. Keep the body under 200 words and sign it with the organisation name.',
].join(' ');

type Email = { subject: string; body: string };

/**
 * "Subject: ..." on the first line, the body after it; without a subject line the first line serves.
 * A tag the campaign cannot fill would fail validation: it becomes its default text, or nothing.
 */
const splitEmail = (text: string, fallbackSubject: string): Email => {
  const [first = '', ...rest] = dropUnknownTemplateVariables(text).trim().split('\n');
  const subject = first
    .replace(/^[#*\s]+|[*\s]+$/g, '')
    .replace(/^subject:\s*/i, '')
    .trim();
  const body = rest.join('\n').trim();
  return body
    ? { subject: clip(subject || fallbackSubject, 200), body }
    : { subject: clip(fallbackSubject, 200), body: subject };
};

/** Offline mode's email: a clearly marked template from the brief and the org's settings, personalised with campaign variables. */
const templateEmail = (options: {
  brief: string;
  orgName: string;
  industry: string;
  companyDescription: string;
  goals: string[];
}): Email => {
  const brief = sentence(options.brief);
  const subject = clip(`${brief.replace(/[.!?]$/, '')} | {{org}}`, 200);
  const lines = [
    OFFLINE_EMAIL_NOTE,
    '',
    'Hi {{firstName|there}},',
    '',
    brief,
    '',
    `At {{org}}${options.industry ? `, in ${options.industry},` : ''} we think this matters for {{company|your team}}.${options.companyDescription ? ` ${sentence(options.companyDescription)}` : ''}`,
    ...(options.goals[0]
      ? [
          '',
          `It is part of what we are working towards: ${sentence(options.goals[0]).replace(/\.$/, '').toLowerCase()}.`,
        ]
      : []),
    '',
    'Reply to this email if you would like to hear more.',
    '',
    'Best regards,',
    '{{org}}',
  ];
  return { subject, body: lines.join('\n') };
};

type Run = TaskRun<'email_campaign'>;

const writeEmail = (deps: TaskHandlerDeps, run: Run): Promise<Email & { provider: AiSource }> =>
  spendUsage(deps, { orgId: run.orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, async () => {
    const { orgId, input } = run;
    const result = await runAi(deps, {
      orgId,
      userId: actorOf(run),
      purpose: 'creative',
      turns: [{ role: 'user', content: input.brief }],
      task: EMAIL_TASK,
      signal: run.signal,
    });
    // A lost lease stops the AI early; its partial answer must not be used.
    run.signal.throwIfAborted();
    if (result.provider !== 'offline')
      return { ...splitEmail(result.text, input.name ?? input.brief), provider: result.provider };
    // The offline answer is generic chat text; a campaign needs a template of its own.
    const [settings, orgName] = await Promise.all([getAiSettings(deps, { orgId }), orgNameOf(deps, { orgId })]);
    return { ...templateEmail({ brief: input.brief, orgName, ...settings }), provider: 'offline' };
  });

const writeCampaign = async (deps: TaskHandlerDeps, run: Run): Promise<Campaign> => {
  const email = await writeEmail(deps, run);
  run.signal.throwIfAborted();
  const input = createCampaignInputSchema.parse({
    name: clip(run.input.name ?? run.input.brief, 200),
    subject: email.subject,
    body: email.body,
    audience: run.input.audience,
  });
  return createCampaign(deps, { orgId: run.orgId, createdBy: actorOf(run), taskId: run.id, input });
};

const outputOf = (campaign: Campaign, reason?: string) => ({
  campaignId: campaign.id,
  status: campaign.status,
  sent: campaign.status === 'sent',
  counts: campaign.counts,
  ...(reason ? { reason } : {}),
});

export const SENDING_REASON =
  'Going out in batches now: the campaign page shows how many were sent, and the task says sent only for what was';
export const WAITING_REASON = 'Waiting in the approval inbox: nothing is sent until it is approved';
export const AUTO_APPROVED_REASON =
  'Approved by an auto-approve rule: sending is queued, and the approval inbox shows when it went out';

/**
 * The engine's (or a goal's) campaign goes to the approval inbox instead of the audience; the
 * output says it waits there (or that a rule approved it), never that it was sent.
 */
const askApproval = async (deps: TaskHandlerDeps, run: Run, campaign: Campaign) => {
  const { orgId } = run;
  const [why, org, audienceSize] = await Promise.all([
    approvalReasonFor(deps, { orgId, taskId: run.id }),
    deps.db.organization.findFirst({ where: { id: orgId }, select: { currency: true } }),
    // Unsubscribed leads are skipped by the send, so they are not counted as reached.
    deps.db.lead.count({ where: { AND: [audienceLeadsWhere(orgId, campaign.audience), { unsubscribedAt: null }] } }),
  ]);
  const people = `${audienceSize} ${audienceSize === 1 ? 'lead' : 'leads'}`;
  const approval = await requestApproval(deps, {
    orgId,
    kind: 'campaign_send',
    taskId: run.id,
    insightId: why.insightId,
    targetType: 'campaign',
    targetId: campaign.id,
    title: `Send the campaign "${clip(campaign.name, 80)}" to ${people}`,
    audience: `${people} of the campaign's audience`,
    audienceSize,
    content: { subject: campaign.subject, body: campaign.body },
    needsEdit: campaign.body.startsWith(OFFLINE_EMAIL_NOTE),
    moneyMinor: 0,
    currency: org?.currency ?? 'USD',
    reason: why.reason,
    evidence: why.evidence,
  });
  return {
    ...outputOf(
      campaign,
      approvalStateWords(approval.status, { pending: WAITING_REASON, approved: AUTO_APPROVED_REASON }),
    ),
    approvalId: approval.id,
    approvalStatus: approval.status,
  };
};

/**
 * Writes the campaign with the AI and queues it for its audience (the campaign sender mails it in
 * batches). A retry finds the campaign its earlier attempt made (by taskId) and queues that one if
 * it is still a draft. It stays a draft when sending
 * was not asked for or the email is an offline template. A campaign the engine or a goal proposed
 * waits in the approval inbox instead (a template there must be edited first).
 */
export const runEmailCampaign: TaskHandler<'email_campaign'> = async (deps, run) => {
  const { orgId } = run;
  const earlier = await deps.db.emailCampaign.findFirst({ where: { orgId, taskId: run.id }, select: { id: true } });
  const campaign = earlier
    ? await getCampaign(deps, { orgId, campaignId: earlier.id })
    : await writeCampaign(deps, run);
  if (campaign.status === 'sent') return outputOf(campaign);
  if (campaign.status === 'draft') {
    if (!run.input.send) return outputOf(campaign, NOT_ASKED_REASON);
    if (needsApproval(run)) return askApproval(deps, run, campaign);
    if (campaign.body.startsWith(OFFLINE_EMAIL_NOTE)) return outputOf(campaign, TEMPLATE_REASON);
  } else if (needsApproval(run)) {
    // Sending (or sent) through its approved action: this task does not send it itself.
    return outputOf(campaign);
  }
  // Already going out (an earlier attempt queued it): the campaign sender finishes it, and resumes it after a restart.
  if (campaign.status === 'sending') return outputOf(campaign, SENDING_REASON);
  run.signal.throwIfAborted();
  const queued = await sendCampaign(deps, { orgId, campaignId: campaign.id, actorId: actorOf(run) });
  return outputOf(queued, queued.status === 'sending' ? SENDING_REASON : undefined);
};
