import { connectStripeInputSchema, type StripeConnection, type StripeSyncResult } from '@aiceo/shared/finance-stripe';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { QueryView, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useConnectStripe, useDisconnectStripe, useStripeConnection, useSyncStripe } from '../api/stripe-connection';
import './money.css';

const count = (n: number, one: string, other: string) => `${n.toLocaleString()} ${n === 1 ? one : other}`;

/** "3 charges, 1 refund, 3 fees and 1 payout imported; 12 already in the books." */
export const syncSummary = (result: StripeSyncResult): string => {
  const { charges, refunds, fees, payouts, other } = result.imported;
  const parts = [
    charges ? count(charges, 'charge', 'charges') : '',
    refunds ? count(refunds, 'refund', 'refunds') : '',
    fees ? count(fees, 'fee', 'fees') : '',
    payouts ? count(payouts, 'payout', 'payouts') : '',
    other ? count(other, 'other movement', 'other movements') : '',
  ].filter(Boolean);
  const imported = parts.length ? `${parts.join(', ')} imported` : 'Nothing new';
  return result.alreadyImported
    ? `${imported}; ${count(result.alreadyImported, 'was', 'were')} already in the books.`
    : `${imported}.`;
};

const ConnectForm = ({ orgId, standInKeyPrefix }: { orgId: string; standInKeyPrefix: string | null }) => {
  const connect = useConnectStripe(orgId);
  const toast = useToast();
  const form = useZodForm({
    schema: connectStripeInputSchema,
    onSubmit: (input, element) =>
      connect.mutateAsync(input).then((result) => {
        element.reset();
        toast(`Stripe connected. ${syncSummary(result)}`);
      }),
  });
  return (
    <form className="form" onSubmit={form.handleSubmit} noValidate aria-label="Connect Stripe">
      <FormError>{form.formError}</FormError>
      <p>
        Your own sales come in by themselves: charges, refunds, Stripe fees and payouts (payouts are transfers to your
        bank account, never income twice). Stripe is read daily and whenever you press “Sync now”.
      </p>
      <TextField
        label="Restricted Stripe key"
        name="apiKey"
        type="password"
        autoComplete="off"
        spellCheck={false}
        placeholder="rk_live_…"
        hint={
          <>
            A restricted key with read access to Balance only (Stripe › Developers › API keys › Create restricted key);
            never a secret key. It is stored encrypted.
            {standInKeyPrefix
              ? ` On this test server, keys starting with ${standInKeyPrefix} reach the local Stripe stand-in.`
              : ''}
          </>
        }
        error={form.errors.apiKey}
      />
      <div>
        <Button type="submit" isPending={connect.isPending} pendingLabel="Connecting and syncing…">
          Connect Stripe
        </Button>
      </div>
    </form>
  );
};

const Connected = ({ orgId, connection }: { orgId: string; connection: StripeConnection }) => {
  const sync = useSyncStripe(orgId);
  const disconnect = useDisconnectStripe(orgId);
  const toast = useToast();
  return (
    <>
      <dl className="money-facts">
        <div>
          <dt>Stripe account</dt>
          <dd data-testid="stripe-account">{connection.stripeAccountId ?? '—'}</dd>
        </div>
        <div>
          <dt>In the books as</dt>
          <dd>
            {connection.financeAccountName ?? '—'}
            {connection.currency ? ` (${connection.currency})` : ''}
          </dd>
        </div>
        <div>
          <dt>Key</dt>
          <dd className="mono">…{connection.keyLast4}</dd>
        </div>
        <div>
          <dt>Last sync</dt>
          <dd data-testid="stripe-last-sync">
            {connection.lastSyncedAt ? formatDateTime(connection.lastSyncedAt) : 'Not yet'}
          </dd>
        </div>
        <div>
          <dt>In the books</dt>
          <dd>
            {count(connection.counts.transactions, 'transaction', 'transactions')}
            {connection.counts.payouts ? ` (${count(connection.counts.payouts, 'payout', 'payouts')})` : ''}
          </dd>
        </div>
      </dl>
      {connection.payoutAccountId === null ? (
        <p className="muted">
          No bank account in {connection.currency ?? 'the same currency'} yet: payouts leave Stripe’s account but arrive
          nowhere. Add your bank account under Accounts.
        </p>
      ) : null}
      {connection.lastError ? (
        <p className="alert error" role="alert">
          <strong>Last problem:</strong> {connection.lastError}
        </p>
      ) : null}
      <div className="actions">
        <Button
          variant="secondary"
          isPending={sync.isPending}
          pendingLabel="Syncing…"
          onClick={() =>
            sync.mutate(undefined, {
              onSuccess: (result) => toast(syncSummary(result)),
              onError: (error) => toast(errorMessage(error), 'error'),
            })
          }
        >
          Sync now
        </Button>
        <ConfirmButton
          title="Disconnect Stripe?"
          description="The key is forgotten and nothing more is imported. What is already in the books stays."
          confirmLabel="Disconnect"
          pendingLabel="Disconnecting…"
          size="normal"
          onConfirm={() => disconnect.mutateAsync().then(() => toast('Stripe disconnected'))}
        >
          Disconnect
        </ConfirmButton>
      </div>
    </>
  );
};

/** The org's own Stripe: connect with a restricted read-only key, see the last sync, sync now, disconnect. */
export const StripeCard = ({ orgId }: { orgId: string }) => {
  const connection = useStripeConnection(orgId);
  const isConnected = connection.data?.connected === true;
  return (
    <section className="card" aria-labelledby="stripe-heading">
      <div className="page-header">
        <h2 id="stripe-heading">Stripe</h2>
        {connection.data ? (
          <span className={`badge ${isConnected ? 'good' : ''}`} data-testid="stripe-status">
            {isConnected ? 'Connected' : 'Not connected'}
          </span>
        ) : null}
      </div>
      <QueryView query={connection} loadingLabel="Loading the Stripe connection…" errorTitle="Could not load Stripe">
        {(data) =>
          data.connected ? (
            <Connected orgId={orgId} connection={data} />
          ) : (
            <ConnectForm orgId={orgId} standInKeyPrefix={data.standInKeyPrefix} />
          )
        }
      </QueryView>
    </section>
  );
};
