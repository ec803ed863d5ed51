import { useMutation } from '@tanstack/react-query';
import { integrationEndpoints } from '@aiceo/shared/integrations';
import { request } from '@/lib/api-client';

/** The consent page to send the browser to; LinkedIn sends it back to the integrations page. */
export const connectLinkedin = (orgId: string) => request(integrationEndpoints.connectLinkedin, { params: { orgId } });

export const useConnectLinkedin = (orgId: string) =>
  useMutation({
    mutationFn: () => connectLinkedin(orgId),
    onSuccess: ({ url }) => window.location.assign(url),
  });
