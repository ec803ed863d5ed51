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
