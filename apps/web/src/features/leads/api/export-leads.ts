import { useMutation } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { requestBlob } from '@/lib/api-client';
import type { LeadView } from './list-leads';

/** The filtered leads as CSV; the endpoint needs the Authorization header, so a plain link cannot download it. */
export const exportLeads = ({ orgId, view }: { orgId: string; view: LeadView }) => {
  const { sort: _sort, order: _order, ...filter } = view;
  return requestBlob(leadEndpoints.export, { params: { orgId }, query: filter });
};

const saveBlob = (blob: Blob, fileName: string) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
};

export const useExportLeads = (orgId: string) =>
  useMutation({
    mutationFn: async (view: LeadView) => {
      const blob = await exportLeads({ orgId, view });
      saveBlob(blob, `leads-${new Date().toISOString().slice(0, 10)}.csv`);
    },
  });
