import { proposalEndpoints } from '@aiceo/shared/proposals';
import { requestBlob } from '@/lib/api-client';

/** The client's page as an HTML Blob, under the preview banner (signed in: a link cannot send the token). */
export const getProposalPreview = ({ orgId, proposalId }: { orgId: string; proposalId: string }) =>
  requestBlob(proposalEndpoints.preview, { params: { orgId, proposalId } });
