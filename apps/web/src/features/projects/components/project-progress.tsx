import './projects.css';

type ProjectProgressProps = {
  percent: number;
  done: number;
  total: number;
  /** The accessible name of the bar, e.g. "Progress of Website redesign". */
  label: string;
  /** Only the bar and the percent (table cells, cards); the page also says "3 of 5 milestones done". */
  isCompact?: boolean;
};

/** A bar with its numbers also in words, so progress is not told by length alone. */
export const ProjectProgress = ({ percent, done, total, label, isCompact = false }: ProjectProgressProps) => {
  const words = total === 0 ? 'No milestones yet' : `${done} of ${total} milestones done`;
  return (
    <div className={`project-progress${total > 0 && done === total ? ' done' : ''}${isCompact ? ' compact' : ''}`}>
      <div
        className="project-progress-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${words}`}
      >
        <div className="project-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="project-progress-text" data-testid="project-progress-text">
        {isCompact ? `${percent}%` : `${percent}% · ${words}`}
      </span>
    </div>
  );
};
