import { useMutation, useQueryClient } from '@tanstack/react-query';
import { playbookEndpoints, type UpdateContentThemesInput } from '@aiceo/shared/playbooks';
import { request } from '@/lib/api-client';
import { orgPlaybookQueryOptions } from '@/hooks/use-org-playbook';

export const updateContentThemes = ({ orgId, body }: { orgId: string; body: UpdateContentThemesInput }) =>
  request(playbookEndpoints.updateContentThemes, { params: { orgId }, body });

export const useUpdateContentThemes = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateContentThemesInput) => updateContentThemes({ orgId, body }),
    onSuccess: async (current) => {
      queryClient.setQueryData(orgPlaybookQueryOptions(orgId).queryKey, current);
      // The themes are part of the AI settings.
      await queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'ai'] });
    },
  });
};
