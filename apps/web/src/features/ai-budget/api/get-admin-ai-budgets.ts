import { queryOptions, useQuery } from '@tanstack/react-query';
import { aiBudgetEndpoints } from '@aiceo/shared/ai-budget';
import { request } from '@/lib/api-client';

export const getAdminAiBudgets = () => request(aiBudgetEndpoints.adminGet);

export const adminAiBudgetsQueryOptions = () =>
  queryOptions({ queryKey: ['admin', 'ai-budgets'], queryFn: getAdminAiBudgets });

export const useAdminAiBudgets = () => useQuery(adminAiBudgetsQueryOptions());
