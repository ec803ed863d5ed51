import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  financeEndpoints,
  type CreateFinanceAccountInput,
  type UpdateFinanceAccountInput,
} from '@aiceo/shared/finance';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const createAccount = ({ orgId, body }: { orgId: string; body: CreateFinanceAccountInput }) =>
  request(financeEndpoints.createAccount, { params: { orgId }, body });

export const updateAccount = ({
  orgId,
  accountId,
  body,
}: {
  orgId: string;
  accountId: string;
  body: UpdateFinanceAccountInput;
}) => request(financeEndpoints.updateAccount, { params: { orgId, accountId }, body });

export const deleteAccount = ({ orgId, accountId }: { orgId: string; accountId: string }) =>
  request(financeEndpoints.removeAccount, { params: { orgId, accountId } });

// An account's opening balance moves cash, runway and every report: refresh every money query.
const useInvalidateMoney = (orgId: string) => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: moneyKey(orgId) });
};

export const useCreateAccount = (orgId: string) => {
  const invalidate = useInvalidateMoney(orgId);
  return useMutation({
    mutationFn: (body: CreateFinanceAccountInput) => createAccount({ orgId, body }),
    onSuccess: invalidate,
  });
};

export const useUpdateAccount = (orgId: string) => {
  const invalidate = useInvalidateMoney(orgId);
  return useMutation({
    mutationFn: ({ accountId, body }: { accountId: string; body: UpdateFinanceAccountInput }) =>
      updateAccount({ orgId, accountId, body }),
    onSuccess: invalidate,
  });
};

export const useDeleteAccount = (orgId: string) => {
  const invalidate = useInvalidateMoney(orgId);
  return useMutation({
    mutationFn: (accountId: string) => deleteAccount({ orgId, accountId }),
    onSuccess: invalidate,
  });
};
