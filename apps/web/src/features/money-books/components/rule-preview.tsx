import type { FinanceRulePreview } from '@aiceo/shared/finance';
import { amountTone, formatDay, formatSigned, plural } from '../format';

type Change = FinanceRulePreview['sample'][number]['before'];

const changeText = (before: Change, after: Change): string => {
  const parts: string[] = [];
  if ((before.category?.id ?? null) !== (after.category?.id ?? null))
    parts.push(`${before.category?.name ?? 'Uncategorised'} → ${after.category?.name ?? 'Uncategorised'}`);
  if (before.counterparty !== after.counterparty)
    parts.push(`“${before.counterparty || '—'}” → “${after.counterparty}”`);
  if (before.tags.join(',') !== after.tags.join(',')) parts.push(`tags: ${after.tags.join(', ') || 'none'}`);
  return parts.join('; ');
};

/** "Would change 37 transactions", with up to 20 of them before and after. */
export const RulePreview = ({ preview }: { preview: FinanceRulePreview }) => (
  <div className="rule-preview stack" role="status" aria-live="polite" aria-label="Preview of the rule">
    <p>
      <strong data-testid="rule-would-change">
        {preview.wouldChange === 0
          ? 'Would change no past transactions'
          : `Would change ${plural(preview.wouldChange, 'transaction')}`}
      </strong>
      {preview.wouldChange > preview.sample.length && preview.sample.length > 0
        ? ` (the newest ${preview.sample.length} below)`
        : ''}
    </p>
    {preview.sample.length > 0 ? (
      <ul className="import-rows" aria-label="Transactions the rule would change">
        {preview.sample.map(({ transaction, before, after }) => (
          <li key={transaction.id}>
            <div className="row-main">
              <span className="muted">{formatDay(transaction.date)}</span>{' '}
              <strong>{transaction.counterparty || transaction.description || '—'}</strong>
              <div className="samples">{changeText(before, after)}</div>
            </div>
            <span className={amountTone(transaction.amountMinor)}>
              {formatSigned(transaction.amountMinor, transaction.currency)}
            </span>
          </li>
        ))}
      </ul>
    ) : null}
  </div>
);
