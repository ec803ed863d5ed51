import { useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { StageLabels } from '@aiceo/shared/stage-labels';
import { orgQueryOptions } from './use-current-org';

/**
 * The organisation's own names for the pipeline stages ("Tasting booked" for `qualified`), from
 * the org its route's loader already fetched. Show these; send and filter by the stage key.
 */
export const useStageLabels = (orgId?: string): StageLabels => {
  const params = useParams();
  const id = orgId ?? params.orgId;
  if (!id) throw new Error('useStageLabels outside /orgs/:orgId');
  return useSuspenseQuery(orgQueryOptions(id)).data.stageLabels;
};
