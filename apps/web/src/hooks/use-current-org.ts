import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { orgEndpoints } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';

/** The organisation, as every org screen's loader fetches it. */
export const orgQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId], queryFn: () => request(orgEndpoints.get, { params: { orgId } }) });

/** The organisation of the URL; its route's loader has already fetched it. */
export const useCurrentOrg = () => {
  const { orgId } = useParams();
  if (!orgId) throw new Error('useCurrentOrg outside /orgs/:orgId');
  return useSuspenseQuery(orgQueryOptions(orgId)).data;
};
