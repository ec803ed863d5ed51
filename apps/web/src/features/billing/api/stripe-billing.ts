import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { stripeBillingEndpoints, type CheckoutInput } from '@aiceo/shared/stripe-billing';
import { request } from '@/lib/api-client';

export const getBillingState = (orgId: string) => request(stripeBillingEndpoints.get, { params: { orgId } });

export const billingStateQueryOptions = (orgId: string) =>
  queryOptions({ queryKey: ['orgs', orgId, 'billing'], queryFn: () => getBillingState(orgId) });

export const useBillingState = (orgId: string) => useQuery(billingStateQueryOptions(orgId));

/** Both answer a Stripe-hosted page (or the local stand-in's); the browser leaves the SPA for it. */
export const useStartCheckout = (orgId: string) =>
  useMutation({
    mutationFn: (plan: CheckoutInput['plan']) =>
      request(stripeBillingEndpoints.checkout, { params: { orgId }, body: { plan } }),
    onSuccess: ({ url }) => window.location.assign(url),
  });

export const useOpenPortal = (orgId: string) =>
  useMutation({
    mutationFn: () => request(stripeBillingEndpoints.portal, { params: { orgId } }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
