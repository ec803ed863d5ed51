import { useMutation, useQueryClient } from '@tanstack/react-query';
import { playbookEndpoints, type ApplyPlaybookInput } from '@aiceo/shared/playbooks';
import { request } from '@/lib/api-client';
import { orgPlaybookQueryOptions } from '@/hooks/use-org-playbook';
import { invalidateOrg } from './invalidate-org';

export const applyPlaybook = ({ orgId, body }: { orgId: string; body: ApplyPlaybookInput }) =>
  request(playbookEndpoints.apply, { params: { orgId }, body });

/** Applies a playbook; the answer says what was set and what was kept. */
export const useApplyPlaybook = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApplyPlaybookInput) => applyPlaybook({ orgId, body }),
    onSuccess: async (result) => {
      queryClient.setQueryData(orgPlaybookQueryOptions(orgId).queryKey, result.current);
      // Stage names, AI settings and finance categories all changed.
      await invalidateOrg(queryClient, orgId);
    },
  });
};
