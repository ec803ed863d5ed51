import { Link } from 'react-router';
import type { FinanceCategory, FinanceTransaction } from '@aiceo/shared/finance';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { DataTable, actionsHeader, type DataTableColumn } from '@/components/ui/data-table';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useDeleteTransaction } from '../api/delete-transaction';
import { useUpdateTransaction } from '../api/update-transaction';
import { amountTone, formatDay, formatSigned } from '../format';
import { CategoryOptions } from './category-options';

type TransactionsTableProps = {
  orgId: string;
  transactions: readonly FinanceTransaction[];
  categories: readonly FinanceCategory[];
  selected: ReadonlySet<string>;
  onSelect: (ids: readonly string[], isSelected: boolean) => void;
  onEdit: (transaction: FinanceTransaction) => void;
};

const nameOf = (tx: FinanceTransaction) => tx.counterparty || tx.description || 'No counterparty';

/** The rules page with its editor open on "counterparty contains …, set category …" from this row. */
export const ruleFromTransactionHref = (orgId: string, tx: FinanceTransaction) => {
  const search = new URLSearchParams({ new: '1', direction: tx.amountMinor < 0 ? 'out' : 'in' });
  if (tx.counterparty) search.set('counterparty', tx.counterparty);
  else if (tx.description) search.set('description', tx.description);
  if (tx.category && tx.category.kind !== 'transfer') search.set('categoryId', tx.category.id);
  return `${paths.orgs.money.rules.getHref(orgId)}?${search.toString()}`;
};

/** A category picker on the row: the change shows at once and is undone if the API refuses it. */
const CategoryCell = ({
  orgId,
  tx,
  categories,
}: {
  orgId: string;
  tx: FinanceTransaction;
  categories: readonly FinanceCategory[];
}) => {
  const update = useUpdateTransaction(orgId);
  const toast = useToast();
  if (tx.transferId) return <span className="muted">Transfer</span>;
  return (
    <select
      aria-label={`Category of ${nameOf(tx)} on ${formatDay(tx.date)}`}
      value={tx.category?.id ?? ''}
      onChange={(event) => {
        const categoryId = event.target.value || null;
        const picked = categories.find((category) => category.id === categoryId);
        update.mutate(
          {
            transactionId: tx.id,
            input: { categoryId },
            optimistic: { category: picked ? { id: picked.id, name: picked.name, kind: picked.kind } : null },
          },
          {
            onSuccess: (saved) => toast(`${nameOf(saved)}: ${saved.category?.name ?? 'uncategorised'}`),
            onError: (error) => toast(`The category of ${nameOf(tx)} was not changed: ${errorMessage(error)}`, 'error'),
          },
        );
      }}
    >
      <option value="">Uncategorised</option>
      <CategoryOptions categories={categories} />
    </select>
  );
};

const RowActions = ({
  orgId,
  tx,
  onEdit,
}: {
  orgId: string;
  tx: FinanceTransaction;
  onEdit: (transaction: FinanceTransaction) => void;
}) => {
  const remove = useDeleteTransaction(orgId);
  const toast = useToast();
  const name = nameOf(tx);
  return (
    <div className="actions">
      <Button
        variant="secondary"
        size="small"
        aria-label={`Edit ${name} on ${formatDay(tx.date)}`}
        onClick={() => onEdit(tx)}
      >
        Edit
      </Button>
      <Link
        className="button ghost small"
        to={ruleFromTransactionHref(orgId, tx)}
        aria-label={`Create a rule from ${name}`}
      >
        Make a rule
      </Link>
      <ConfirmButton
        aria-label={`Delete ${name} on ${formatDay(tx.date)}`}
        title="Delete this transaction?"
        description={
          tx.transferId
            ? 'Both sides of this transfer are deleted. Reports change at once.'
            : `${name}, ${formatDay(tx.date)}, ${formatSigned(tx.amountMinor, tx.currency)}. Reports change at once.`
        }
        confirmLabel="Delete"
        pendingLabel="Deleting…"
        variant="ghost"
        onConfirm={() => remove.mutateAsync(tx.id).then(() => toast(`${name} deleted`))}
      >
        Delete
      </ConfirmButton>
    </div>
  );
};

export const TransactionsTable = ({
  orgId,
  transactions,
  categories,
  selected,
  onSelect,
  onEdit,
}: TransactionsTableProps) => {
  const selectable = transactions.filter((tx) => !tx.transferId);
  const allSelected = selectable.length > 0 && selectable.every((tx) => selected.has(tx.id));
  const columns: DataTableColumn<FinanceTransaction>[] = [
    {
      header: (
        <input
          type="checkbox"
          aria-label="Select all shown transactions"
          checked={allSelected}
          disabled={selectable.length === 0}
          onChange={(event) =>
            onSelect(
              selectable.map((tx) => tx.id),
              event.target.checked,
            )
          }
        />
      ),
      headerClassName: 'tx-check',
      className: 'tx-check',
      cell: (tx) =>
        tx.transferId ? null : (
          <input
            type="checkbox"
            aria-label={`Select ${nameOf(tx)} on ${formatDay(tx.date)}`}
            checked={selected.has(tx.id)}
            onChange={(event) => onSelect([tx.id], event.target.checked)}
          />
        ),
    },
    { header: 'Date', className: 'tx-date', cell: (tx) => formatDay(tx.date) },
    {
      header: 'Counterparty',
      isRowHeader: true,
      className: 'tx-party-cell',
      cell: (tx) => (
        <>
          <span className="tx-party">{nameOf(tx)}</span>
          {tx.counterparty && tx.description ? <span className="tx-description">{tx.description}</span> : null}
          {tx.tags.length > 0 ? (
            <span className="tags">
              {tx.tags.map((tag) => (
                <span key={tag} className="badge">
                  {tag}
                </span>
              ))}
            </span>
          ) : null}
        </>
      ),
    },
    { header: 'Account', className: 'tx-account', cell: (tx) => tx.account.name },
    {
      header: 'Category',
      className: 'tx-category',
      cell: (tx) => <CategoryCell orgId={orgId} tx={tx} categories={categories} />,
    },
    {
      header: 'Amount',
      headerClassName: 'books-amount',
      className: (tx) => amountTone(tx.amountMinor),
      cell: (tx) => formatSigned(tx.amountMinor, tx.currency),
    },
    {
      header: actionsHeader,
      className: 'tx-actions',
      cell: (tx) => <RowActions orgId={orgId} tx={tx} onEdit={onEdit} />,
    },
  ];
  return (
    <DataTable
      caption="Transactions, newest first"
      className="tx-table"
      columns={columns}
      rows={transactions}
      rowProps={(tx) => ({ className: selected.has(tx.id) ? 'is-selected' : undefined, 'data-transaction-id': tx.id })}
    />
  );
};
