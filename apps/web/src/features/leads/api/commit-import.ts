import { useMutation, useQueryClient } from '@tanstack/react-query';
import { leadEndpoints, type LeadImportMapping } from '@aiceo/shared/leads';
import { request } from '@/lib/api-client';
import { leadsKey } from '@/lib/query-keys';

export const commitImport = ({
  orgId,
  importId,
  mapping,
}: {
  orgId: string;
  importId: string;
  mapping: LeadImportMapping;
}) => request(leadEndpoints.commitImport, { params: { orgId, importId }, body: { mapping } });

export const useCommitImport = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { importId: string; mapping: LeadImportMapping }) => commitImport({ orgId, ...input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadsKey(orgId) }),
  });
};
