import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { serviceTemplateEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';

const PAGE_SIZE = 20;

/** Every cached service-template query of the org. */
export const serviceTemplatesKey = (orgId: string) => ['orgs', orgId, 'service-templates'] as const;

type ListOptions = { orgId: string; q?: string; cursor?: string };

export const listServiceTemplates = ({ orgId, q, cursor }: ListOptions) =>
  request(serviceTemplateEndpoints.list, { params: { orgId }, query: { limit: PAGE_SIZE, q: q || undefined, cursor } });

export const serviceTemplatesQueryOptions = ({ orgId, q, cursor }: ListOptions) =>
  queryOptions({
    queryKey: [...serviceTemplatesKey(orgId), 'list', q ?? '', cursor ?? null],
    queryFn: () => listServiceTemplates({ orgId, q, cursor }),
  });

export const useServiceTemplates = (options: ListOptions) =>
  useQuery({ ...serviceTemplatesQueryOptions(options), placeholderData: keepPreviousData });
