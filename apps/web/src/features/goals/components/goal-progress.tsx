import type { GoalProgress } from '@aiceo/shared/goals';
import './goals.css';

/** A bar with its numbers also in words, so the progress is not told by colour or length alone. */
export const GoalProgressBar = ({ progress, label }: { progress: GoalProgress; label: string }) => (
  <div className={`goal-progress${progress.total > 0 && progress.completed === progress.total ? ' done' : ''}`}>
    <div
      className="goal-progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={progress.percent}
      aria-valuetext={`${progress.percent}%`}
    >
      <div className="goal-progress-fill" style={{ width: `${progress.percent}%` }} />
    </div>
    <span className="goal-progress-text" data-testid="goal-progress-text">
      {progress.completed} of {progress.total} steps done ({progress.percent}%)
    </span>
  </div>
);
