import type { CreditEntry } from '@aiceo/shared/credits';
import { Button } from '@/components/ui/button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { capitalize, formatDateTime } from '@/utils/format';
import { formatAmount } from './format';

type CreditLedgerProps = {
  entries: readonly CreditEntry[];
  /** Entries that already have an open dispute: no second one is allowed. */
  disputedEntryIds: ReadonlySet<string>;
  /** Set for owners: entries that removed credits get a "Dispute" action. */
  onDispute?: (entry: CreditEntry) => void;
};

export const CreditLedger = ({ entries, disputedEntryIds, onDispute }: CreditLedgerProps) => {
  const columns: DataTableColumn<CreditEntry>[] = [
    { header: 'Date', cell: (entry) => formatDateTime(entry.createdAt) },
    { header: 'Kind', cell: (entry) => capitalize(entry.kind) },
    {
      header: 'Amount',
      className: (entry) => (entry.amount < 0 ? 'amount negative' : 'amount positive'),
      cell: (entry) => formatAmount(entry.amount),
    },
    { header: 'Balance after', cell: (entry) => entry.balanceAfter.toLocaleString('en-US') },
    { header: 'Reason', cell: (entry) => entry.reason ?? <span className="muted">—</span> },
  ];
  if (onDispute) {
    columns.push({
      header: actionsHeader,
      cell: (entry) =>
        entry.amount >= 0 ? null : disputedEntryIds.has(entry.id) ? (
          <span className="badge">Disputed</span>
        ) : (
          <Button
            variant="secondary"
            size="small"
            aria-label={`Dispute ${entry.kind} of ${formatAmount(entry.amount)} on ${formatDateTime(entry.createdAt)}`}
            onClick={() => onDispute(entry)}
          >
            Dispute
          </Button>
        ),
    });
  }
  return <DataTable caption="Credit history, newest first" columns={columns} rows={entries} />;
};
