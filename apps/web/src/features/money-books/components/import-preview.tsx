import { useId } from 'react';
import { formatMoney } from '@aiceo/shared/money';
import type { FinanceImport, StatementDuplicate } from '@aiceo/shared/finance-imports';
import { financeTxSourceSchema } from '@aiceo/shared/finance';
import { amountTone, formatDay, formatSigned, plural } from '../format';
import { sourceLabels } from '../labels';

type ImportPreviewProps = {
  upload: FinanceImport;
  categoryNames: ReadonlyMap<string, string>;
  /** Rows of likely matches the owner says are the same transaction (skipped on commit). */
  sameAsExisting: ReadonlySet<number>;
  onSameChange: (row: number, isSame: boolean) => void;
};

const Totals = ({ upload }: { upload: FinanceImport }) => {
  const { totals } = upload;
  const facts = [
    { label: 'Transactions', value: totals.count.toLocaleString(), testId: 'total-count' },
    { label: 'Money in', value: formatMoney(totals.inflowMinor, totals.currency), testId: 'total-in' },
    { label: 'Money out', value: formatMoney(totals.outflowMinor, totals.currency), testId: 'total-out' },
    { label: 'First date', value: formatDay(totals.firstDate), testId: 'first-date' },
    { label: 'Last date', value: formatDay(totals.lastDate), testId: 'last-date' },
    { label: 'New', value: totals.newCount.toLocaleString(), testId: 'total-new' },
    { label: 'Already imported', value: totals.duplicateCount.toLocaleString(), testId: 'total-duplicates' },
    { label: 'Rejected', value: totals.rejectedCount.toLocaleString(), testId: 'total-rejected' },
  ];
  return (
    <dl className="detected" aria-label="Totals">
      {facts.map((fact) => (
        <div key={fact.label} data-testid={fact.testId}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
};

const sourceText = (source: string) => {
  const known = financeTxSourceSchema.safeParse(source);
  return known.success ? sourceLabels[known.data].toLowerCase() : source;
};

const existingText = (duplicate: StatementDuplicate, currency: string) =>
  `${formatDay(duplicate.existing.date)} · ${formatSigned(duplicate.existing.amountMinor, currency)} · ${
    duplicate.existing.counterparty || 'no counterparty'
  } (${sourceText(duplicate.existing.source)})`;

const LikelyMatch = ({
  duplicate,
  currency,
  isSame,
  onChange,
}: {
  duplicate: StatementDuplicate;
  currency: string;
  isSame: boolean;
  onChange: (isSame: boolean) => void;
}) => {
  const name = useId();
  return (
    <li>
      <div className="row-main">
        <strong>Line {duplicate.row}:</strong> {formatDay(duplicate.date)} · {duplicate.text || '—'}{' '}
        <span className={amountTone(duplicate.amountMinor)}>{formatSigned(duplicate.amountMinor, currency)}</span>
        <div className="muted">Looks like {existingText(duplicate, currency)}</div>
      </div>
      <fieldset className="field">
        <legend className="visually-hidden">Line {duplicate.row}</legend>
        <div className="checks">
          <label className="check">
            <input type="radio" name={name} checked={isSame} onChange={() => onChange(true)} />
            Same transaction (skip)
          </label>
          <label className="check">
            <input type="radio" name={name} checked={!isSame} onChange={() => onChange(false)} />
            Different (import)
          </label>
        </div>
      </fieldset>
    </li>
  );
};

/** The rows as they would be booked: totals, a sample with the rules applied, duplicates and rejected rows. */
export const ImportPreview = ({ upload, categoryNames, sameAsExisting, onSameChange }: ImportPreviewProps) => {
  const currency = upload.totals.currency;
  const exact = upload.duplicates.filter((duplicate) => duplicate.kind === 'exact');
  const likely = upload.duplicates.filter((duplicate) => duplicate.kind === 'likely');
  return (
    <section className="card stack" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Check the rows</h2>
      <Totals upload={upload} />
      {upload.sample.length > 0 ? (
        <div>
          <h3>First rows as read, rules applied</h3>
          <ul className="import-rows" aria-label="First rows">
            {upload.sample.map((row) => (
              <li key={row.row}>
                <div className="row-main">
                  <span className="muted">{formatDay(row.date)}</span> <strong>{row.counterparty || '—'}</strong>
                  {row.description ? <div className="samples">{row.description}</div> : null}
                  {row.categoryId ? (
                    <div className="muted">Category by rule: {categoryNames.get(row.categoryId) ?? 'a category'}</div>
                  ) : null}
                </div>
                <span className={amountTone(row.amountMinor)}>{formatSigned(row.amountMinor, currency)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {exact.length > 0 ? (
        <div>
          <h3>{plural(upload.totals.duplicateCount, 'row')} already imported (skipped)</h3>
          <ul className="import-rows" aria-label="Already imported">
            {exact.map((duplicate) => (
              <li key={duplicate.row}>
                <div className="row-main">
                  <strong>Line {duplicate.row}:</strong> {formatDay(duplicate.date)} · {duplicate.text || '—'}
                </div>
                <span className={amountTone(duplicate.amountMinor)}>
                  {formatSigned(duplicate.amountMinor, currency)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {likely.length > 0 ? (
        <div>
          <h3>{plural(upload.totals.likelyMatchCount, 'likely match', 'likely matches')} with transactions you have</h3>
          <p className="muted">
            Same amount within a few days and a similar counterparty. Nothing is merged unless you say it is the same.
          </p>
          <ul className="import-rows" aria-label="Likely matches">
            {likely.map((duplicate) => (
              <LikelyMatch
                key={duplicate.row}
                duplicate={duplicate}
                currency={currency}
                isSame={sameAsExisting.has(duplicate.row)}
                onChange={(isSame) => onSameChange(duplicate.row, isSame)}
              />
            ))}
          </ul>
        </div>
      ) : null}
      {upload.rejected.length > 0 ? (
        <div>
          <h3>{plural(upload.totals.rejectedCount, 'row')} rejected</h3>
          <ul className="import-rows" aria-label="Rejected rows">
            {upload.rejected.map((reject) => (
              <li key={reject.row}>
                <div className="row-main">
                  <strong>Line {reject.row}:</strong> {reject.reason}
                  <div className="samples mono">{reject.raw}</div>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="muted">No rows rejected.</p>
      )}
    </section>
  );
};
