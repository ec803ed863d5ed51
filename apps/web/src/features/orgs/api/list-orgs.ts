import { queryOptions, useQuery } from '@tanstack/react-query';
import { orgEndpoints } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';

export const listOrgs = () => request(orgEndpoints.listMine);

export const orgsQueryOptions = () => queryOptions({ queryKey: ['orgs'], queryFn: listOrgs });

export const useOrgs = () => useQuery(orgsQueryOptions());
