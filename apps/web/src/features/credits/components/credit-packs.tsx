import { Button } from '@/components/ui/button';
import { QueryView, errorMessage } from '@/components/ui/states';
import { useCreditPacks } from '../api/list-credit-packs';
import { useStartCreditCheckout } from '../api/start-credit-checkout';
import { formatCredits, formatPackPrice } from './format';

/** The packs for sale; only the owner can buy (the API refuses anyone else). */
export const CreditPacks = ({ orgId, isOwner }: { orgId: string; isOwner: boolean }) => {
  const packs = useCreditPacks();
  const checkout = useStartCreditCheckout(orgId);
  return (
    <QueryView query={packs} loadingLabel="Loading credit packs…" errorTitle="Could not load the credit packs">
      {(data) => (
        <div className="stack">
          <ul className="credit-packs" aria-label="Credit packs">
            {data.items.map((pack) => (
              <li key={pack.id} className="credit-pack">
                <span>
                  <strong>{formatCredits(pack.credits)}</strong>{' '}
                  <span className="muted">for {formatPackPrice(pack)}</span>
                </span>
                {isOwner ? (
                  <Button
                    size="small"
                    isPending={checkout.isPending && checkout.variables === pack.id}
                    pendingLabel="Opening checkout…"
                    disabled={checkout.isPending}
                    onClick={() => checkout.mutate(pack.id)}
                  >
                    Buy {pack.credits.toLocaleString('en-US')} credits
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          <p className="muted">Credit packs are sold in US dollars (USD).</p>
          {isOwner ? null : <p className="muted">Only the owner can buy credits.</p>}
          {checkout.error ? (
            <p className="alert error" role="alert">
              {errorMessage(checkout.error)}
            </p>
          ) : null}
        </div>
      )}
    </QueryView>
  );
};
