import { formatMoney } from '@aiceo/shared/money';
import type { FinanceAccount } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDay } from '../format';
import { useDeleteAccount, useUpdateAccount } from '../api/save-account';
import { accountKindLabels } from './account-form';
import { MoneyTable } from './money-table';
import './money.css';

type AccountsListProps = {
  orgId: string;
  accounts: readonly FinanceAccount[];
  onEdit: (account: FinanceAccount) => void;
};

const AccountActions = ({ orgId, account, onEdit }: { orgId: string; account: FinanceAccount; onEdit: () => void }) => {
  const toast = useToast();
  const update = useUpdateAccount(orgId);
  const remove = useDeleteAccount(orgId);
  const setArchived = (archived: boolean) =>
    update.mutate(
      { accountId: account.id, body: { archived } },
      {
        onSuccess: () => toast(archived ? `${account.name} archived` : `${account.name} is back in use`),
        onError: (error) => toast(errorMessage(error), 'error'),
      },
    );
  return (
    <div className="actions">
      <Button size="small" variant="secondary" onClick={onEdit} aria-label={`Edit ${account.name}`}>
        Edit
      </Button>
      {account.archived ? (
        <Button size="small" variant="secondary" isPending={update.isPending} onClick={() => setArchived(false)}>
          Unarchive
        </Button>
      ) : (
        <Button
          size="small"
          variant="secondary"
          isPending={update.isPending}
          pendingLabel="Archiving…"
          aria-label={`Archive ${account.name}`}
          onClick={() => setArchived(true)}
        >
          Archive
        </Button>
      )}
      {account.transactionCount === 0 ? (
        <ConfirmButton
          aria-label={`Delete ${account.name}`}
          title={`Delete ${account.name}?`}
          description="It has no transactions, so nothing else changes."
          confirmLabel="Delete account"
          pendingLabel="Deleting…"
          onConfirm={() => remove.mutateAsync(account.id).then(() => toast(`${account.name} deleted`))}
        >
          Delete
        </ConfirmButton>
      ) : null}
    </div>
  );
};

/** Every account with its balance (opening balance plus its transactions) in its own currency. */
export const AccountsList = ({ orgId, accounts, onEdit }: AccountsListProps) => (
  <MoneyTable
    caption="Accounts"
    stackOnPhones
    rows={accounts}
    rowKey={(account) => account.id}
    columns={[
      {
        header: 'Account',
        isRowHeader: true,
        cell: (account) => (
          <>
            {account.name} {account.archived ? <span className="badge">Archived</span> : null}
          </>
        ),
      },
      { header: 'Kind', cell: (account) => accountKindLabels[account.kind] },
      {
        header: 'Opening balance',
        isAmount: true,
        cell: (account) =>
          `${formatMoney(account.openingBalanceMinor, account.currency)}${account.openingDate ? ` on ${formatDay(account.openingDate)}` : ''}`,
      },
      { header: 'Transactions', isAmount: true, cell: (account) => account.transactionCount.toLocaleString() },
      {
        header: 'Balance',
        isAmount: true,
        cell: (account) => (
          <strong data-testid="account-balance">{formatMoney(account.balanceMinor, account.currency)}</strong>
        ),
      },
      {
        header: 'Actions',
        isHeaderHidden: true,
        cell: (account) => <AccountActions orgId={orgId} account={account} onEdit={() => onEdit(account)} />,
      },
    ]}
  />
);
