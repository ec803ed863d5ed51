import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useExportLeads } from '../api/export-leads';
import type { LeadView } from '../api/list-leads';

/** Downloads the leads matching the current filter (every page, not just the ones loaded). */
export const ExportButton = ({ orgId, view }: { orgId: string; view: LeadView }) => {
  const exportLeads = useExportLeads(orgId);
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      isPending={exportLeads.isPending}
      pendingLabel="Exporting…"
      onClick={() => exportLeads.mutate(view, { onError: (error) => toast(errorMessage(error), 'error') })}
    >
      Export CSV
    </Button>
  );
};
