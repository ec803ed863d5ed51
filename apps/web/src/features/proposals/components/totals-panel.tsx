import { formatMoney } from '@aiceo/shared/money';
import type { ProposalTotals } from '@aiceo/shared/proposals';

type TotalsPanelProps = {
  totals: Pick<ProposalTotals, 'subtotalMinor' | 'discountMinor' | 'taxMinor' | 'totalMinor' | 'depositMinor'>;
  currency: string;
  discountPercent: number;
  taxPercent: number;
  depositPercent: number;
};

const percent = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** Subtotal, discount, tax, total and deposit, as the client will see them. */
export const TotalsPanel = ({ totals, currency, discountPercent, taxPercent, depositPercent }: TotalsPanelProps) => (
  <dl className="totals" aria-label="Totals" data-testid="proposal-totals">
    <dt>Subtotal</dt>
    <dd data-testid="subtotal">{formatMoney(totals.subtotalMinor, currency)}</dd>
    {totals.discountMinor > 0 || discountPercent > 0 ? (
      <>
        <dt>Discount ({percent.format(discountPercent)} %)</dt>
        <dd data-testid="discount">−{formatMoney(totals.discountMinor, currency)}</dd>
      </>
    ) : null}
    {taxPercent > 0 ? (
      <>
        <dt>Tax ({percent.format(taxPercent)} %)</dt>
        <dd data-testid="tax">{formatMoney(totals.taxMinor, currency)}</dd>
      </>
    ) : null}
    <dt className="grand">Total</dt>
    <dd className="grand" data-testid="total">
      {formatMoney(totals.totalMinor, currency)}
    </dd>
    {depositPercent > 0 ? (
      <>
        <dt>Deposit on acceptance ({depositPercent} %)</dt>
        <dd data-testid="deposit">{formatMoney(totals.depositMinor, currency)}</dd>
      </>
    ) : null}
  </dl>
);
