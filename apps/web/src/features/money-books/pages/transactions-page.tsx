import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { FinanceTransaction } from '@aiceo/shared/finance';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useExportTransactions } from '../api/export-transactions';
import { useAccounts } from '../api/list-accounts';
import { useCategories } from '../api/list-categories';
import { useTransactions } from '../api/list-transactions';
import { AdminOnly } from '../components/admin-only';
import { BulkCategoriseBar } from '../components/bulk-categorise-bar';
import { CoverageMeter } from '../components/coverage-meter';
import { TransactionDialog, type ProjectOption } from '../components/transaction-dialog';
import { TransactionFilters } from '../components/transaction-filters';
import { TransactionsTable } from '../components/transactions-table';
import { plural } from '../format';
import { useTransactionView, type TransactionView } from '../use-transaction-view';
import '../money-books.css';

const ExportButton = ({ orgId, view }: { orgId: string; view: TransactionView }) => {
  const exportCsv = useExportTransactions(orgId);
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      isPending={exportCsv.isPending}
      pendingLabel="Exporting…"
      onClick={() => exportCsv.mutate(view, { onError: (error) => toast(errorMessage(error), 'error') })}
    >
      Export CSV
    </Button>
  );
};

/** Extra content for an income row's dialog, given by the route (features do not import each other). */
export type IncomeExtra = (transaction: FinanceTransaction) => ReactNode;

type TransactionsProps = {
  orgId: string;
  incomeExtra?: IncomeExtra | undefined;
  /** The org's client projects, for tagging a transaction to one (given by the route). */
  projects?: readonly ProjectOption[] | undefined;
};

const Transactions = ({ orgId, incomeExtra, projects }: TransactionsProps) => {
  const org = useCurrentOrg();
  const { view, setView } = useTransactionView();
  const transactions = useTransactions(orgId, view);
  const accounts = useAccounts(orgId);
  const categories = useCategories(orgId);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<FinanceTransaction | 'new' | null>(null);
  const items = transactions.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Object.values(view).some(Boolean);
  const categoryList = categories.data?.items ?? [];
  const accountList = accounts.data?.items ?? [];

  // A different filter shows different rows: a selection of rows no longer shown would be a surprise.
  const onViewChange = (change: Partial<TransactionView>) => {
    setSelected(new Set());
    setView(change);
  };
  const onSelect = (ids: readonly string[], isSelected: boolean) =>
    setSelected((all) => {
      const next = new Set(all);
      for (const id of ids) {
        if (isSelected) next.add(id);
        else next.delete(id);
      }
      return next;
    });

  return (
    <>
      <PageHeader
        title="Transactions"
        description={`Money in and out of ${org.name}, in ${org.currency}. Pick a category on any row; rules do it for you next time.`}
        actions={
          <>
            <Link className="button secondary" to={paths.orgs.money.import.getHref(orgId)}>
              Import statement
            </Link>
            <Link className="button secondary" to={paths.orgs.money.rules.getHref(orgId)}>
              Rules
            </Link>
            <ExportButton orgId={orgId} view={view} />
            <Button onClick={() => setEditing('new')}>Add transaction</Button>
          </>
        }
      />
      <div className="books-toolbar">
        <CoverageMeter orgId={orgId} />
        {view.category !== 'uncategorised' ? (
          <Button variant="ghost" size="small" onClick={() => onViewChange({ category: 'uncategorised' })}>
            Show uncategorised
          </Button>
        ) : null}
      </div>
      <TransactionFilters
        view={view}
        accounts={accountList}
        categories={categoryList}
        timeZone={org.timezone}
        fiscalYearStartMonth={org.fiscalYearStartMonth}
        onChange={onViewChange}
      />
      {selected.size > 0 ? (
        <BulkCategoriseBar
          orgId={orgId}
          ids={[...selected]}
          categories={categoryList}
          onDone={() => setSelected(new Set())}
        />
      ) : null}
      {transactions.isPending ? (
        <Loading label="Loading transactions…" />
      ) : transactions.isError ? (
        <ErrorState
          error={transactions.error}
          title="Could not load the transactions"
          onRetry={() => void transactions.refetch()}
        />
      ) : items.length === 0 ? (
        isFiltered ? (
          <EmptyState title="No transactions match these filters">
            <p>Try another period or clear some filters.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No transactions yet">
            <p>Import your bank's CSV statement, or add one by hand.</p>
            <Link className="button" to={paths.orgs.money.import.getHref(orgId)}>
              Import a bank statement
            </Link>
          </EmptyState>
        )
      ) : (
        <>
          <TransactionsTable
            orgId={orgId}
            transactions={items}
            categories={categoryList}
            selected={selected}
            onSelect={onSelect}
            onEdit={setEditing}
          />
          <div className="tx-footer">
            <span className="muted" aria-live="polite">
              {plural(items.length, 'transaction')} shown{transactions.hasNextPage ? '' : ' (all)'}
            </span>
            {transactions.hasNextPage ? (
              <Button
                variant="secondary"
                onClick={() => void transactions.fetchNextPage()}
                isPending={transactions.isFetchingNextPage}
                pendingLabel="Loading…"
              >
                Load more
              </Button>
            ) : null}
          </div>
        </>
      )}
      {editing ? (
        <TransactionDialog
          key={editing === 'new' ? 'new' : editing.id}
          orgId={orgId}
          currency={org.currency}
          timeZone={org.timezone}
          accounts={accountList}
          categories={categoryList}
          transaction={editing === 'new' ? undefined : editing}
          projects={projects}
          onClose={() => setEditing(null)}
        >
          {editing !== 'new' && editing.amountMinor > 0 ? incomeExtra?.(editing) : null}
        </TransactionDialog>
      ) : null}
    </>
  );
};

/** The org's transactions: filters in the URL, inline and bulk categorise, add, edit, delete, export. */
export const TransactionsPage = ({
  incomeExtra,
  projects,
}: { incomeExtra?: IncomeExtra; projects?: readonly ProjectOption[] | undefined } = {}) => {
  const { orgId = '' } = useParams();
  return (
    <AdminOnly>
      <Transactions orgId={orgId} incomeExtra={incomeExtra} projects={projects} />
    </AdminOnly>
  );
};
