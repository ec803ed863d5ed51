import { useMutation } from '@tanstack/react-query';
import { serviceTemplateEndpoints } from '@aiceo/shared/proposals';
import { request } from '@/lib/api-client';

/** The AI (or the offline writer) drafts a template from one sentence; nothing is saved. */
export const draftServiceTemplate = ({ orgId, brief }: { orgId: string; brief: string }) =>
  request(serviceTemplateEndpoints.draft, { params: { orgId }, body: { brief } });

export const useDraftServiceTemplate = (orgId: string) =>
  useMutation({ mutationFn: (brief: string) => draftServiceTemplate({ orgId, brief }) });
