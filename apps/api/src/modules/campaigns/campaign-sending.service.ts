import type { Campaign } from '@aiceo/shared/campaigns';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { logLeadActivity } from '../leads/leads.service';
import { spendUsage, takeOverUsage, type UsageHold } from '../usage/usage.service';
import {
  audienceLeadSelect,
  audienceLeadsWhere,
  audienceOf,
  findCampaignRow,
  getCampaign,
  orgNameOf,
  renderMail,
} from './campaigns.service';

/**
 * A campaign in `sending` whose sender has not checked in for this long was cut off (its process
 * died); a new send call takes it over. Longer than one SMTP delivery can take.
 */
export const STALE_SENDING_MS = 15 * 60_000;
const MAX_SUMMARY = 300;

type SendDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'env' | 'tokens' | 'mailer' | 'log'>;
type SendOptions = { orgId: string; campaignId: string; actorId: string | null };

/**
 * Turns a draft into `sending`: the emails are reserved for the whole audience first (all or
 * nothing, 402 when too few are left), then one recipient row per lead. Rows are unique per
 * campaign and email, so nobody can be mailed twice by one campaign.
 */
const startSending = async (
  deps: SendDeps,
  { orgId, campaignId, audience }: { orgId: string; campaignId: string; audience: ReturnType<typeof audienceOf> },
): Promise<UsageHold> => {
  const leads = await deps.db.lead.findMany({
    where: audienceLeadsWhere(orgId, audience),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: audienceLeadSelect,
  });
  const mailable = leads.filter((lead) => !lead.unsubscribedAt).length;
  const now = deps.clock.now();
  return spendUsage(deps, { orgId, resource: 'emails', count: mailable }, async (usage) => {
    await deps.db.$transaction(async (tx) => {
      const { count } = await tx.emailCampaign.updateMany({
        where: { id: campaignId, orgId, status: 'draft' },
        data: { status: 'sending', updatedAt: now },
      });
      if (count === 0) throw new AppError('CONFLICT', 'This campaign is already being sent');
      await tx.campaignRecipient.createMany({
        data: leads.map((lead) => ({
          orgId,
          campaignId,
          leadId: lead.id,
          email: lead.email ?? '',
          status: lead.unsubscribedAt ? ('skipped' as const) : ('pending' as const),
          createdAt: now,
        })),
        skipDuplicates: true,
      });
    });
    return usage;
  });
};

/** Takes over a campaign whose sender stopped checking in; 409 while one is still at work. */
const resumeSending = async (
  deps: SendDeps,
  { orgId, campaignId }: { orgId: string; campaignId: string },
): Promise<UsageHold> => {
  const now = deps.clock.now();
  const { count } = await deps.db.emailCampaign.updateMany({
    where: { id: campaignId, orgId, status: 'sending', updatedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
    data: { updatedAt: now },
  });
  if (count === 0) throw new AppError('CONFLICT', 'This campaign is being sent right now');
  // The pending recipients' emails were reserved when the send started; unsent ones are given back this month.
  const pending = await deps.db.campaignRecipient.count({ where: { orgId, campaignId, status: 'pending' } });
  return takeOverUsage(deps, { orgId, resource: 'emails', count: pending });
};

const recordDelivery = async (
  deps: SendDeps,
  options: { orgId: string; recipientId: string; leadId: string; actorId: string | null; summary: string },
) => {
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await tx.campaignRecipient.updateMany({
      where: { id: options.recipientId, orgId: options.orgId, status: 'pending' },
      data: { status: 'sent', sentAt: now, error: null },
    });
    // A lead deleted since its mail went out keeps the recipient row, with nothing to log the activity on.
    await logLeadActivity(tx, {
      orgId: options.orgId,
      leadId: options.leadId,
      kind: 'email',
      summary: options.summary,
      actorId: options.actorId,
      occurredAt: now,
    });
  });
};

/**
 * Mails every pending recipient, one at a time, and logs each as sent or failed (with the SMTP
 * server's reason); one rejection does not stop the others. The campaign's `updatedAt` is the
 * sender's heartbeat. If the process dies, the rest stay pending for a later send call.
 */
const deliverPending = async (
  deps: SendDeps,
  { orgId, campaignId, actorId, usage }: SendOptions & { usage: UsageHold },
) => {
  const campaign = await findCampaignRow(deps, { orgId, campaignId });
  const orgName = await orgNameOf(deps, { orgId });
  const pending = await deps.db.campaignRecipient.findMany({
    where: { orgId, campaignId, status: 'pending' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      email: true,
      lead: { select: { id: true, name: true, company: true, title: true, unsubscribedAt: true } },
    },
  });
  let unsent = 0;
  for (const recipient of pending) {
    const { lead } = recipient;
    if (!lead || lead.unsubscribedAt) {
      // Unsubscribed (or deleted) since the send started.
      await deps.db.campaignRecipient.updateMany({
        where: { id: recipient.id, orgId, status: 'pending' },
        data: { status: 'skipped' },
      });
      unsent += 1;
      continue;
    }
    const mail = renderMail(deps, { orgId, orgName, template: campaign, lead, email: recipient.email });
    const result = await deps.mailer.send({
      to: recipient.email,
      subject: mail.subject,
      text: mail.body,
      headers: {
        'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    if (result.status === 'failed') {
      await deps.db.campaignRecipient.updateMany({
        where: { id: recipient.id, orgId, status: 'pending' },
        data: { status: 'failed', error: result.error },
      });
      unsent += 1;
    } else {
      await recordDelivery(deps, {
        orgId,
        recipientId: recipient.id,
        leadId: lead.id,
        actorId,
        summary: `Campaign "${campaign.name}": ${mail.subject}`.slice(0, MAX_SUMMARY),
      });
    }
    await deps.db.emailCampaign.updateMany({ where: { id: campaignId, orgId }, data: { updatedAt: deps.clock.now() } });
  }
  await usage.giveBack(unsent);
  const now = deps.clock.now();
  await deps.db.emailCampaign.updateMany({
    where: { id: campaignId, orgId, status: 'sending' },
    data: { status: 'sent', sentAt: now, updatedAt: now },
  });
  deps.log.info({ orgId, campaignId, recipients: pending.length, unsent }, 'campaign sent');
};

/** Sends a draft, or resumes one that was cut off; 409 once sent. */
export const sendCampaign = async (deps: SendDeps, { orgId, campaignId, actorId }: SendOptions): Promise<Campaign> => {
  const row = await findCampaignRow(deps, { orgId, campaignId });
  if (row.status === 'sent') throw new AppError('CONFLICT', 'This campaign was already sent');
  const usage =
    row.status === 'draft'
      ? await startSending(deps, { orgId, campaignId, audience: audienceOf(row) })
      : await resumeSending(deps, { orgId, campaignId });
  await deliverPending(deps, { orgId, campaignId, actorId, usage });
  return getCampaign(deps, { orgId, campaignId });
};
