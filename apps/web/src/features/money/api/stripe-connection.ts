import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { financeStripeEndpoints, type ConnectStripeInput } from '@aiceo/shared/finance-stripe';
import { request } from '@/lib/api-client';
import { moneyKey } from './money-key';

export const getStripeConnection = (orgId: string) => request(financeStripeEndpoints.get, { params: { orgId } });

export const stripeConnectionQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: [...moneyKey(orgId), 'stripe'], queryFn: () => getStripeConnection(orgId) });

export const useStripeConnection = (orgId: string) => useQuery(stripeConnectionQueryOptions(orgId));

// Connecting and syncing write transactions (and maybe an account): every money query refreshes.
const useRefreshMoney = (orgId: string) => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: moneyKey(orgId) });
};

export const useConnectStripe = (orgId: string) => {
  const refresh = useRefreshMoney(orgId);
  return useMutation({
    mutationFn: (body: ConnectStripeInput) => request(financeStripeEndpoints.connect, { params: { orgId }, body }),
    onSuccess: refresh,
  });
};

export const useSyncStripe = (orgId: string) => {
  const refresh = useRefreshMoney(orgId);
  return useMutation({
    mutationFn: () => request(financeStripeEndpoints.sync, { params: { orgId }, body: {} }),
    // A failed sync keeps its problem in lastError: show it too.
    onSettled: refresh,
  });
};

export const useDisconnectStripe = (orgId: string) => {
  const refresh = useRefreshMoney(orgId);
  return useMutation({
    mutationFn: () => request(financeStripeEndpoints.disconnect, { params: { orgId } }),
    onSuccess: refresh,
  });
};
