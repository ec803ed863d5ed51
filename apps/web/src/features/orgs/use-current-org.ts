import { useSuspenseQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { orgQueryOptions } from './api/get-org';

/** The organisation of the URL; its route's loader has already fetched it. */
export const useCurrentOrg = () => {
  const { orgId } = useParams();
  if (!orgId) throw new Error('useCurrentOrg outside /orgs/:orgId');
  return useSuspenseQuery(orgQueryOptions(orgId)).data;
};
