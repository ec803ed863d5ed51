import { queryOptions, useQuery } from '@tanstack/react-query';
import { orgEndpoints } from '@aiceo/shared/orgs';
import { request } from '@/lib/api-client';

export const getDeletionPreview = (orgId: string) => request(orgEndpoints.deletionPreview, { params: { orgId } });

export const deletionPreviewQueryOptions = (orgId: string) =>
  queryOptions({
    queryKey: ['orgs', orgId, 'deletion-preview'],
    queryFn: () => getDeletionPreview(orgId),
    // Counts change while the org is in use: read them fresh each time the dialog opens.
    staleTime: 0,
  });

/** What goes with the organisation, counted; fetched only while the confirmation is open. */
export const useDeletionPreview = (orgId: string, enabled: boolean) =>
  useQuery({ ...deletionPreviewQueryOptions(orgId), enabled });
