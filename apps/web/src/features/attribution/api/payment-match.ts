import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attributionEndpoints } from '@aiceo/shared/attribution';
import { request } from '@/lib/api-client';
import { attributionKey } from './keys';

export const getPaymentMatch = ({ orgId, transactionId }: { orgId: string; transactionId: string }) =>
  request(attributionEndpoints.getPayment, { params: { orgId, transactionId } });

export const paymentMatchQueryOptions = (orgId: string, transactionId: string) =>
  queryOptions({
    queryKey: [...attributionKey(orgId), 'payment', transactionId],
    queryFn: () => getPaymentMatch({ orgId, transactionId }),
  });

export const usePaymentMatch = (orgId: string, transactionId: string) =>
  useQuery(paymentMatchQueryOptions(orgId, transactionId));

export const matchPayment = ({
  orgId,
  transactionId,
  leadId,
}: {
  orgId: string;
  transactionId: string;
  leadId: string | null;
}) => request(attributionEndpoints.matchPayment, { params: { orgId, transactionId }, body: { leadId } });

export const useMatchPayment = (orgId: string, transactionId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (leadId: string | null) => matchPayment({ orgId, transactionId, leadId }),
    // The report, the lead's payments and this match all sit under the attribution key.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributionKey(orgId) }),
  });
};
