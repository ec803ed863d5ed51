import type { CreditEntry } from '@aiceo/shared/credits';
import { Button } from '@/components/ui/button';
import { capitalize, formatDateTime } from '@/utils/format';
import { formatAmount } from './format';

type CreditLedgerProps = {
  entries: readonly CreditEntry[];
  /** Entries that already have an open dispute: no second one is allowed. */
  disputedEntryIds: ReadonlySet<string>;
  /** Set for owners: entries that removed credits get a "Dispute" action. */
  onDispute?: (entry: CreditEntry) => void;
};

export const CreditLedger = ({ entries, disputedEntryIds, onDispute }: CreditLedgerProps) => (
  <div className="table-wrap">
    <table>
      <caption className="visually-hidden">Credit history, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Kind</th>
          <th scope="col">Amount</th>
          <th scope="col">Balance after</th>
          <th scope="col">Reason</th>
          {onDispute ? (
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>{formatDateTime(entry.createdAt)}</td>
            <td>{capitalize(entry.kind)}</td>
            <td className={entry.amount < 0 ? 'amount negative' : 'amount positive'}>{formatAmount(entry.amount)}</td>
            <td>{entry.balanceAfter.toLocaleString('en-US')}</td>
            <td>{entry.reason ?? <span className="muted">—</span>}</td>
            {onDispute ? (
              <td>
                {entry.amount >= 0 ? null : disputedEntryIds.has(entry.id) ? (
                  <span className="badge">Disputed</span>
                ) : (
                  <Button variant="secondary" size="small" aria-label={`Dispute ${entry.kind} of ${formatAmount(entry.amount)} on ${formatDateTime(entry.createdAt)}`} onClick={() => onDispute(entry)}>
                    Dispute
                  </Button>
                )}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
