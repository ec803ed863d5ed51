import { queryOptions, useQuery } from '@tanstack/react-query';
import { leadStages, type Lead, type LeadStage } from '@aiceo/shared/leads';
import { leadsKey } from '@/lib/query-keys';
import { listLeads } from './list-leads';

/** Cards per column; the column header still counts every lead of the stage (pipeline). */
const BOARD_COLUMN_SIZE = 50;

export type Board = Record<LeadStage, Lead[]>;

/** The most recently updated leads of every stage, one request per column. */
export const getBoard = async (orgId: string): Promise<Board> => {
  const pages = await Promise.all(
    leadStages.map((stage) =>
      listLeads({ orgId, view: { stage: [stage], sort: 'updatedAt', order: 'desc' }, limit: BOARD_COLUMN_SIZE }),
    ),
  );
  return Object.fromEntries(leadStages.map((stage, i) => [stage, pages[i]?.items ?? []])) as Board;
};

export const boardQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...leadsKey(orgId), 'board'], queryFn: () => getBoard(orgId) });

export const useBoard = (orgId: string) => useQuery(boardQueryOptions(orgId));
