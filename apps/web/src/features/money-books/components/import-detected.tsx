import type { FinanceImport } from '@aiceo/shared/finance-imports';
import { DataTable } from '@/components/ui/data-table';
import { columnRoleLabels, decimalSeparatorLabels, delimiterLabels, encodingLabels } from '../labels';
import { plural } from '../format';

const skippedText = (preamble: number, skipped: number) =>
  [
    preamble > 0 ? `${plural(preamble, 'line')} above the table` : '',
    skipped > 0 ? `${plural(skipped, 'summary line')} (balances, totals)` : '',
  ]
    .filter(Boolean)
    .join(', ') || 'None';

/** What the API read from the file: its format, then each column with its role and sample values. */
export const ImportDetected = ({ upload, showColumns = true }: { upload: FinanceImport; showColumns?: boolean }) => {
  const { detected } = upload;
  const facts = [
    { label: 'Encoding', value: encodingLabels[detected.encoding] },
    { label: 'Delimiter', value: delimiterLabels[detected.delimiter] },
    { label: 'Header row', value: detected.headerRow === null ? 'None' : `Line ${detected.headerRow}` },
    { label: 'Date format', value: detected.dateFormat ?? 'Not sure' },
    {
      label: 'Decimal separator',
      value: detected.decimalSeparator ? decimalSeparatorLabels[detected.decimalSeparator] : 'Not sure',
    },
    { label: 'Signs', value: detected.invertSign ? 'Flipped (money out shown positive)' : 'As in the file' },
    { label: 'Lines skipped', value: skippedText(detected.preambleLines, detected.skippedLines) },
  ];
  return (
    <section className="card stack" aria-labelledby="detected-heading">
      <h2 id="detected-heading">What was detected in {upload.fileName}</h2>
      <dl className="detected" aria-label="Detected format">
        {facts.map((fact) => (
          <div key={fact.label}>
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      {showColumns ? (
        <DataTable
          caption="Columns of the file, the role of each and sample values"
          className="columns-table"
          columns={[
            { header: 'Column', isRowHeader: true, cell: (column) => column.header },
            { header: 'Read as', cell: (column) => columnRoleLabels[column.role] },
            {
              header: 'Sample values',
              className: 'samples',
              cell: (column) => column.samples.slice(0, 3).join(' · ') || '—',
            },
          ]}
          rows={detected.columns}
          rowKey={(column) => column.index}
        />
      ) : null}
    </section>
  );
};
