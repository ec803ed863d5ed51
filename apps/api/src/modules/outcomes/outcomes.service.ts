import type { OutcomeAction, WhatWorked } from '@aiceo/shared/agentic';
import type { Deps } from '../../deps';

/**
 * The best-ranked variants of an action as sentences for a prompt or an insight ("Follow-ups
 * that mention the proposal got a reply 4 times out of 6"); empty until there is evidence.
 * GROUNDWORK STUB: the outcomes module replaces this.
 */
export const whatWorkedForPrompt = async (
  _deps: Pick<Deps, 'db'>,
  _options: { orgId: string; action: OutcomeAction; limit?: number },
): Promise<string[]> => [];

/** The action-outcomes job: records new actions and settles those whose window closed. GROUNDWORK STUB. */
export const recordActionOutcomes = async (
  _deps: Pick<Deps, 'db' | 'clock' | 'log'>,
): Promise<{ recorded: number; settled: number }> => ({ recorded: 0, settled: 0 });

/** GET /agentic/what-worked: variants ranked by (successes + 1) / (attempts + 2), with evidence. GROUNDWORK STUB. */
export const whatWorked = async (
  _deps: Pick<Deps, 'db'>,
  _options: { orgId: string; action?: OutcomeAction },
): Promise<WhatWorked> => ({ items: [], totals: [] });
