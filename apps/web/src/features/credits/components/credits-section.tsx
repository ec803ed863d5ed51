import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CreditEntry } from '@aiceo/shared/credits';
import { Button } from '@/components/ui/button';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { useCreditDisputes } from '../api/list-credit-disputes';
import { useCredits } from '../api/get-credits';
import { CreditLedger } from './credit-ledger';
import { CreditPacks } from './credit-packs';
import { DisputeForm } from './dispute-form';
import { DisputesTable } from './disputes-table';
import { formatCredits } from './format';

/** Balance, packs, ledger history and disputes of one organisation. */
/** `canBuy` is false where the server has no payments set up (the route knows from the billing state). */
export const CreditsSection = ({ orgId, canBuy = true }: { orgId: string; canBuy?: boolean }) => {
  const org = useCurrentOrg();
  const isOwner = org.role === 'owner';
  const credits = useCredits(orgId);
  const disputes = useCreditDisputes(orgId);
  const [disputing, setDisputing] = useState<CreditEntry | null>(null);
  const [params] = useSearchParams();
  const checkoutOutcome = params.get('credits');
  const toast = useToast();

  const openDisputeEntryIds = useMemo(
    () => new Set((disputes.data?.items ?? []).filter((d) => d.status === 'open').map((d) => d.entryId)),
    [disputes.data],
  );

  return (
    <section className="card stack" aria-labelledby="credits-heading">
      <h2 id="credits-heading">Credits</h2>
      {checkoutOutcome === 'success' ? (
        <p className="alert success" role="status">
          Payment received. The credits are added as soon as Stripe confirms it.
        </p>
      ) : checkoutOutcome === 'canceled' ? (
        <p className="alert warning" role="status">
          Checkout was canceled; nothing was charged.
        </p>
      ) : null}
      <QueryView query={credits} loadingLabel="Loading credits…" errorTitle="Could not load the credits">
        {(data) => {
          const entries = data.pages.flatMap((page) => page.entries.items);
          return (
            <div className="stack">
              <p className="credit-balance" data-testid="credit-balance">
                Balance: <strong>{formatCredits(data.pages[0]?.balance ?? 0)}</strong>
              </p>
              <h3>Buy credits</h3>
              {canBuy ? (
                <CreditPacks orgId={orgId} isOwner={isOwner} />
              ) : (
                <p className="muted">
                  Credits cannot be bought on this server: billing is not set up. The platform admin can grant credits.
                </p>
              )}
              <h3>History</h3>
              {entries.length === 0 ? (
                <EmptyState title="No credit activity yet">
                  <p className="muted">Purchases, grants and charges appear here.</p>
                </EmptyState>
              ) : (
                <>
                  <CreditLedger
                    entries={entries}
                    disputedEntryIds={openDisputeEntryIds}
                    onDispute={isOwner ? setDisputing : undefined}
                  />
                  {credits.hasNextPage ? (
                    <div>
                      <Button
                        variant="secondary"
                        size="small"
                        isPending={credits.isFetchingNextPage}
                        pendingLabel="Loading…"
                        onClick={() => void credits.fetchNextPage()}
                      >
                        Load more
                      </Button>
                    </div>
                  ) : null}
                </>
              )}
              {disputing ? (
                <DisputeForm
                  key={disputing.id}
                  orgId={orgId}
                  entry={disputing}
                  onDone={(opened) => {
                    setDisputing(null);
                    if (opened) toast('Dispute opened; we will review it');
                  }}
                />
              ) : null}
            </div>
          );
        }}
      </QueryView>
      <h3 id="disputes-heading">Disputes</h3>
      <QueryView
        query={disputes}
        loadingLabel="Loading disputes…"
        errorTitle="Could not load the disputes"
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="muted">No disputes.</p>}
      >
        {(data) => <DisputesTable disputes={data.items} />}
      </QueryView>
    </section>
  );
};
