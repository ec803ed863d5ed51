import { queryOptions, useQuery } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const getPipeline = (orgId: string) => request(leadEndpoints.pipeline, { params: { orgId } });

export const pipelineQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...leadsKey(orgId), 'pipeline'], queryFn: () => getPipeline(orgId) });

export const usePipeline = (orgId: string) => useQuery(pipelineQueryOptions(orgId));
