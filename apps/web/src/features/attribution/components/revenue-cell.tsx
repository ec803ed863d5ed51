import type { SourceRow } from '@aiceo/shared/attribution';
import { revenueBasis, revenueLines } from '../format';

/** A row's revenue, one line per currency, with where it comes from under it. */
export const RevenueCell = ({ row }: { row: Pick<SourceRow, 'revenue' | 'wonFromPayments' | 'wonFromDealValues'> }) => {
  const lines = revenueLines(row.revenue);
  const basis = revenueBasis(row);
  if (lines.length === 0) return <span className="muted">—</span>;
  return (
    <span className="source-revenue">
      {lines.map((line) => (
        <span key={line} className="source-amount">
          {line}
        </span>
      ))}
      {basis ? <span className="muted source-basis">{basis}</span> : null}
    </span>
  );
};
