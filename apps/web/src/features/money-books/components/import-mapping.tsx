import { useId, useState } from 'react';
import {
  statementColumnRoles,
  statementDateFormats,
  type FinanceImport,
  type StatementColumnRole,
  type StatementDateFormat,
  type StatementMapping,
} from '@aiceo/shared/finance-imports';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';
import { columnRoleLabels, decimalSeparatorLabels } from '../labels';

type ImportMappingProps = {
  upload: FinanceImport;
  isPending: boolean;
  error: string | null;
  onApply: (mapping: StatementMapping) => void;
  onCancel?: () => void;
};

const isDateFormat = (value: string): value is StatementDateFormat =>
  (statementDateFormats as readonly string[]).includes(value);

/** Where detection was unsure (or the owner disagrees): a role for each column, and the formats asked about. */
export const ImportMapping = ({ upload, isPending, error, onApply, onCancel }: ImportMappingProps) => {
  const { detected } = upload;
  const id = useId();
  const [roles, setRoles] = useState<StatementColumnRole[]>(() => detected.columns.map((column) => column.role));
  const [dateFormat, setDateFormat] = useState<string>(detected.dateFormat ?? '');
  const [decimalSeparator, setDecimalSeparator] = useState<string>(detected.decimalSeparator ?? '');
  const [invertSign, setInvertSign] = useState(detected.invertSign);
  const [problem, setProblem] = useState<string | null>(null);

  const dateQuestion = detected.questions.find((question) => question.field === 'dateFormat');
  const dateOptions = (dateQuestion?.options ?? statementDateFormats).filter(isDateFormat);
  const hasDate = roles.includes('date');
  const hasAmount = roles.includes('amount') || roles.includes('debit') || roles.includes('credit');

  const apply = () => {
    if (!hasDate) return setProblem('Pick the column that holds the date');
    if (!hasAmount) return setProblem('Pick the amount column, or the money in and money out columns');
    if (!isDateFormat(dateFormat)) return setProblem('Pick the date format');
    setProblem(null);
    onApply({
      columns: roles,
      dateFormat,
      ...(decimalSeparator === '.' || decimalSeparator === ',' ? { decimalSeparator } : {}),
      invertSign,
    });
  };

  return (
    <section className="card stack" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading">Tell us how to read {upload.fileName}</h2>
      {detected.questions.length > 0 ? (
        <div className="alert warning questions" role="note" aria-label="What detection was unsure about">
          {detected.questions.map((question) => (
            <p key={question.field}>{question.message}</p>
          ))}
        </div>
      ) : null}
      <FormError>{problem ?? error}</FormError>
      <ul className="import-rows" aria-label="Columns">
        {detected.columns.map((column, index) => (
          <li key={column.index}>
            <div className="row-main">
              <strong>{column.header}</strong>
              <div className="samples">{column.samples.slice(0, 4).join(' · ') || 'No values'}</div>
            </div>
            <div className="field" style={{ flex: '1 1 12rem' }}>
              <label className="visually-hidden" htmlFor={`${id}-col-${column.index}`}>
                Role of column {column.header}
              </label>
              <select
                id={`${id}-col-${column.index}`}
                value={roles[index] ?? 'ignored'}
                onChange={(event) =>
                  setRoles((all) =>
                    all.map((role, i) => (i === index ? (event.target.value as StatementColumnRole) : role)),
                  )
                }
              >
                {statementColumnRoles.map((role) => (
                  <option key={role} value={role}>
                    {columnRoleLabels[role]}
                  </option>
                ))}
              </select>
            </div>
          </li>
        ))}
      </ul>
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${id}-date-format`}>Date format</label>
          <select id={`${id}-date-format`} value={dateFormat} onChange={(event) => setDateFormat(event.target.value)}>
            <option value="">Pick one</option>
            {dateOptions.map((format) => (
              <option key={format} value={format}>
                {format}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-decimal`}>Decimal separator</label>
          <select
            id={`${id}-decimal`}
            value={decimalSeparator}
            onChange={(event) => setDecimalSeparator(event.target.value)}
          >
            <option value="">Detect</option>
            {(['.', ','] as const).map((separator) => (
              <option key={separator} value={separator}>
                {decimalSeparatorLabels[separator]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="check">
        <input type="checkbox" checked={invertSign} onChange={(event) => setInvertSign(event.target.checked)} />
        Money out is shown as positive amounts in this file (flip every sign)
      </label>
      <div className="actions">
        <Button onClick={apply} isPending={isPending} pendingLabel="Reading again…">
          Read the file with this mapping
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel} disabled={isPending}>
            Keep what was detected
          </Button>
        ) : null}
      </div>
    </section>
  );
};
