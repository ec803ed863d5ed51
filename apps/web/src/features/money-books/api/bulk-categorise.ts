import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeEndpoints, type BulkCategoriseInput } from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

export const bulkCategorise = ({ orgId, input }: { orgId: string; input: BulkCategoriseInput }) =>
  request(financeEndpoints.bulkCategorise, { params: { orgId }, body: input });

export const useBulkCategorise = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BulkCategoriseInput) => bulkCategorise({ orgId, input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};
