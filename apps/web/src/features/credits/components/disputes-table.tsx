import type { CreditDispute, CreditDisputeStatus } from '@aiceo/shared/credits';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { capitalize, formatDate } from '@/utils/format';

const badgeClass: Record<CreditDisputeStatus, string> = {
  open: 'badge',
  refunded: 'badge good',
  rejected: 'badge bad',
};

const columns: DataTableColumn<CreditDispute>[] = [
  { header: 'Opened', cell: (dispute) => formatDate(dispute.createdAt) },
  { header: 'Reason', cell: (dispute) => dispute.reason },
  {
    header: 'Status',
    cell: (dispute) => <span className={badgeClass[dispute.status]}>{capitalize(dispute.status)}</span>,
  },
  { header: 'Resolution', cell: (dispute) => dispute.resolutionNote ?? <span className="muted">—</span> },
];

export const DisputesTable = ({ disputes }: { disputes: readonly CreditDispute[] }) => (
  <DataTable caption="Credit disputes, newest first" columns={columns} rows={disputes} />
);
