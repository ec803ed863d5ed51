import { useMutation, useQueryClient } from '@tanstack/react-query';
import { financeImportEndpoints, type CommitFinanceImportInput } from '@aiceo/shared/finance-imports';
import { request } from '@/lib/api-client';
import { financeKey } from './keys';

/** Books the statement, all or nothing, skipping rows already in the books. */
export const commitImport = ({
  orgId,
  importId,
  input,
}: {
  orgId: string;
  importId: string;
  input: CommitFinanceImportInput;
}) => request(financeImportEndpoints.commit, { params: { orgId, importId }, body: input });

export const useCommitImport = (orgId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (variables: { importId: string; input: CommitFinanceImportInput }) =>
      commitImport({ orgId, ...variables }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: financeKey(orgId) }),
  });
};
