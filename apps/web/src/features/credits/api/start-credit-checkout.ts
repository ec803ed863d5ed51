import { useMutation } from '@tanstack/react-query';
import { creditEndpoints } from '@aiceo/shared/credits';
import { request } from '@/lib/api-client';

export const startCreditCheckout = ({ orgId, packId }: { orgId: string; packId: string }) =>
  request(creditEndpoints.checkout, { params: { orgId }, body: { packId } });

/** Answers a Stripe-hosted page (or the local stand-in's); the browser leaves the SPA for it. */
export const useStartCreditCheckout = (orgId: string) =>
  useMutation({
    mutationFn: (packId: string) => startCreditCheckout({ orgId, packId }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
