import type { Deps } from '../../deps';

/**
 * Why a lead must not be contacted now: unsubscribed, won or lost, a meeting coming up, a
 * follow-up pending (task or approval item) or done recently.
 */
export type OutreachBlock = {
  code: 'unsubscribed' | 'closed' | 'meeting_upcoming' | 'followup_pending' | 'contacted_recently' | 'not_found';
  /** In plain words, naming the lead ("Jane Doe unsubscribed on 2 Dec 2026"). */
  message: string;
};

/**
 * The one guard every outreach path asks (owner, API, engine, executor, approval inbox): the
 * leads among `leadIds` that must not be contacted, with why. `ignoreTaskId` leaves out the
 * asking follow-up task itself; `ignoreApprovalId` the asking approval item.
 * GROUNDWORK STUB: the outreach module replaces this.
 */
export const outreachBlocks = async (
  _deps: Pick<Deps, 'db' | 'clock'>,
  _options: { orgId: string; leadIds: string[]; ignoreTaskId?: string; ignoreApprovalId?: string },
): Promise<Map<string, OutreachBlock>> => new Map();

/**
 * Emails one follow-up to a lead now (the unsubscribe footer and headers, one `emails` unit) after
 * asking outreachBlocks again, and logs it as an ai_followup activity (a real contact: it moves the
 * last contact and clears "follow-up drafted, not sent"). `taskId` is the running task: the activity
 * is unique per task, so a retry neither mails nor logs twice once the activity exists.
 * GROUNDWORK STUB: the outreach module replaces this.
 */
export const sendLeadEmail = async (
  _deps: Pick<Deps, 'db' | 'database' | 'clock' | 'log' | 'mailer' | 'env' | 'tokens'>,
  _options: { orgId: string; leadId: string; subject: string; body: string; taskId: string; ignoreApprovalId?: string },
): Promise<{ emailed: true; emailedTo: string; activityId: string } | { emailed: false; reason: string }> => ({
  emailed: false,
  reason: 'Sending is not built yet',
});
