import { queryOptions, useQuery } from '@tanstack/react-query';
import { creditEndpoints } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';

export const listCreditPacks = () => request(creditEndpoints.packs);

export const creditPacksQueryOptions = () =>
  queryOptions({ queryKey: ['credits', 'packs'], queryFn: listCreditPacks, staleTime: Infinity });

export const useCreditPacks = () => useQuery(creditPacksQueryOptions());
