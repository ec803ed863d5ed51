import { useMutation, useQueryClient } from '@tanstack/react-query';
import { playbookEndpoints, type UpdateStageLabelsInput } from '@aiceo/shared/playbooks';
import { request } from '@/lib/api-client';
import { orgPlaybookQueryOptions } from '@/hooks/use-org-playbook';
import { invalidateOrg } from './invalidate-org';

export const updateStageLabels = ({ orgId, body }: { orgId: string; body: UpdateStageLabelsInput }) =>
  request(playbookEndpoints.updateStageLabels, { params: { orgId }, body });

export const useUpdateStageLabels = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateStageLabelsInput) => updateStageLabels({ orgId, body }),
    onSuccess: async (current) => {
      queryClient.setQueryData(orgPlaybookQueryOptions(orgId).queryKey, current);
      await invalidateOrg(queryClient, orgId);
    },
  });
};
