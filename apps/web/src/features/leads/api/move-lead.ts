import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Lead, LeadStage } from '@aiceo/shared/leads';
import { boardQueryOptions, type Board } from './get-board';
import { pipelineQueryOptions } from './get-pipeline';
import { leadsKey } from '@/lib/query-keys';
import { updateLead } from './update-lead';

type Move = { lead: Lead; to: LeadStage };

const moveOnBoard = (board: Board, { lead, to }: Move): Board => ({
  ...board,
  [lead.stage]: board[lead.stage].filter((l) => l.id !== lead.id),
  [to]: [{ ...lead, stage: to }, ...board[to].filter((l) => l.id !== lead.id)],
});

/** Moves a card at once, puts it back if the API refuses, then reloads what the move changed. */
export const useMoveLead = (orgId: string) => {
  const queryClient = useQueryClient();
  const boardKey = boardQueryOptions(orgId).queryKey;
  const pipelineKey = pipelineQueryOptions(orgId).queryKey;
  return useMutation({
    mutationFn: ({ lead, to }: Move) => updateLead({ orgId, leadId: lead.id, body: { stage: to } }),
    onMutate: async (move) => {
      await Promise.all([
        queryClient.cancelQueries({ queryKey: boardKey }),
        queryClient.cancelQueries({ queryKey: pipelineKey }),
      ]);
      const board = queryClient.getQueryData(boardKey);
      const pipeline = queryClient.getQueryData(pipelineKey);
      if (board) queryClient.setQueryData(boardKey, moveOnBoard(board, move));
      if (pipeline) {
        const { lead, to } = move;
        queryClient.setQueryData(pipelineKey, {
          ...pipeline,
          stages: pipeline.stages.map((s) =>
            s.stage === lead.stage
              ? { ...s, count: s.count - 1, valueCents: s.valueCents - lead.valueCents }
              : s.stage === to
                ? { ...s, count: s.count + 1, valueCents: s.valueCents + lead.valueCents }
                : s,
          ),
        });
      }
      return { board, pipeline };
    },
    onError: (_error, _move, snapshot) => {
      if (snapshot?.board) queryClient.setQueryData(boardKey, snapshot.board);
      if (snapshot?.pipeline) queryClient.setQueryData(pipelineKey, snapshot.pipeline);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: leadsKey(orgId) }),
  });
};
