import { useState } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import type { FinanceAccount } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { canSeeMoney } from '@/features/money/can-see-money';
import { accountsQueryOptions, useAccounts } from '@/features/money/api/list-accounts';
import { AccountForm } from '@/features/money/components/account-form';
import { AccountsList } from '@/features/money/components/accounts-list';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const orgId = params.orgId ?? '';
  if (await canSeeMoney({ request, orgId })) void queryClient.prefetchQuery(accountsQueryOptions(orgId));
  return null;
};

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; account: FinanceAccount };

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const accounts = useAccounts(orgId);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const close = () => setEditing({ kind: 'none' });
  const active = accounts.data?.items.filter((a) => !a.archived && a.currency === org.currency) ?? [];
  const total = active.reduce((sum, a) => sum + a.balanceMinor, 0);
  return (
    <>
      <PageHeader
        title="Accounts"
        description="Where the money sits: bank accounts, cards, cash and payment processors."
        actions={
          editing.kind === 'none' ? <Button onClick={() => setEditing({ kind: 'new' })}>New account</Button> : null
        }
      />
      {editing.kind !== 'none' ? (
        <section className="card" aria-labelledby="account-form-heading" style={{ marginBottom: '1rem' }}>
          <h2 id="account-form-heading">{editing.kind === 'new' ? 'New account' : `Edit ${editing.account.name}`}</h2>
          <AccountForm
            key={editing.kind === 'edit' ? editing.account.id : 'new'}
            orgId={orgId}
            orgCurrency={org.currency}
            account={editing.kind === 'edit' ? editing.account : undefined}
            onDone={close}
          />
        </section>
      ) : null}
      <QueryView
        query={accounts}
        loadingLabel="Loading accounts…"
        errorTitle="Could not load the accounts"
        isEmpty={(data) => data.items.length === 0}
        empty={
          <EmptyState title="No accounts yet">
            <p>
              Add the business’s bank account with its opening balance; importing a statement or connecting Stripe adds
              one too.
            </p>
          </EmptyState>
        }
      >
        {(data) => (
          <>
            <p>
              Cash in {org.currency} accounts in use:{' '}
              <strong data-testid="accounts-total">{formatMoney(total, org.currency)}</strong>
            </p>
            <AccountsList
              orgId={orgId}
              accounts={data.items}
              onEdit={(account) => setEditing({ kind: 'edit', account })}
            />
          </>
        )}
      </QueryView>
    </>
  );
};
