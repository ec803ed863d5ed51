import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { attributionEndpoints } from '@aiceo/shared/attribution';
import { request } from '@/lib/api-client';
import { attributionKey } from './keys';
import { matchPayment } from './payment-match';

export const paymentSuggestionsQueryOptions = (orgId: string, leadId: string) =>
  queryOptions({
    queryKey: [...attributionKey(orgId), 'suggestions', leadId],
    queryFn: () => request(attributionEndpoints.paymentSuggestions, { params: { orgId }, query: { leadId } }),
  });

/** For admins only: the API answers 403 to members, so only render its user where payments are shown. */
export const usePaymentSuggestions = (orgId: string, leadId: string) =>
  useQuery(paymentSuggestionsQueryOptions(orgId, leadId));

/** Matches a suggested payment to the lead; the lead's payments, suggestions and the report refresh. */
export const useMatchSuggestion = (orgId: string, leadId: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transactionId: string) => matchPayment({ orgId, transactionId, leadId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attributionKey(orgId) }),
  });
};
