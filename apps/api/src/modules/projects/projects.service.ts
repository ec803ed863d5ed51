import type { Env } from '../../config/env';
import type { Db } from '../auth/sessions.service';

/** A project made by an accepted proposal, inside the acceptance's transaction (client-pages calls this). */
export type ProjectFromProposal = {
  orgId: string;
  name: string;
  description: string;
  clientName: string;
  clientEmail: string;
  leadId: string | null;
  proposalId: string;
  /** The proposal's total, in minor units of `currency`. */
  budgetMinor: number;
  currency: string;
  /** yyyy-mm-dd in the org's timezone: the day it was accepted. */
  startDate: string;
  /** yyyy-mm-dd: the start plus the longest item duration; null when no item has one. */
  dueDate: string | null;
  milestones: { title: string; description: string; deliverables: string[]; dueDate: string | null }[];
};

// Stub: the projects helper implements this (same signature).
export const createProjectInTx = async (
  _tx: Db,
  _env: Env,
  _input: ProjectFromProposal,
): Promise<{ id: string; publicUrl: string }> => {
  throw new Error('createProjectInTx is not built yet');
};
