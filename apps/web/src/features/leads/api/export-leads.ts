import { useMutation } from '@tanstack/react-query';
import { leadEndpoints } from '@aiceo/shared/leads';
import { requestBlob } from '@/lib/api-client';
import { saveBlob } from '@/lib/save-blob';
import type { LeadView } from './list-leads';

/** The filtered leads as CSV; the endpoint needs the Authorization header, so a plain link cannot download it. */
export const exportLeads = ({ orgId, view }: { orgId: string; view: LeadView }) => {
  const { sort: _sort, order: _order, ...filter } = view;
  return requestBlob(leadEndpoints.export, { params: { orgId }, query: filter });
};

export const useExportLeads = (orgId: string) =>
  useMutation({
    mutationFn: async (view: LeadView) => {
      const blob = await exportLeads({ orgId, view });
      saveBlob(blob, `leads-${new Date().toISOString().slice(0, 10)}.csv`);
    },
  });
