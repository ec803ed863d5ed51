import { useMutation } from '@tanstack/react-query';
import { financeImportEndpoints, type CreateFinanceImportInput } from '@aiceo/shared/finance-imports';
import { request } from '@/lib/api-client';

/** Uploads a statement: the answer is what was detected and the preview; nothing is booked yet. */
export const createImport = ({ orgId, input }: { orgId: string; input: CreateFinanceImportInput }) =>
  request(financeImportEndpoints.create, { params: { orgId }, body: input });

export const useCreateImport = (orgId: string) =>
  useMutation({ mutationFn: (input: CreateFinanceImportInput) => createImport({ orgId, input }) });
