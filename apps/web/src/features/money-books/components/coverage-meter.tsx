import { useCoverage } from '../api/get-coverage';

/** "87% categorised" with a bar: how much of the books the reports can already explain. */
export const CoverageMeter = ({ orgId }: { orgId: string }) => {
  const coverage = useCoverage(orgId);
  if (!coverage.data) return null;
  const { percent, categorised, total } = coverage.data;
  return (
    <div className="coverage" data-testid="coverage">
      <div
        className="coverage-meter"
        role="meter"
        aria-label="Categorised"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span>
        <strong>{percent}% categorised</strong>{' '}
        <span className="muted">
          ({categorised.toLocaleString()} of {total.toLocaleString()})
        </span>
      </span>
    </div>
  );
};
