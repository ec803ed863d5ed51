import type { GoalProgress } from '@aiceo/shared/goals';
import './goals.css';

/** " · 1 ready for you": steps the AI prepared that the owner has not marked done yet. */
const readyText = (progress: GoalProgress) => (progress.prepared > 0 ? ` · ${progress.prepared} ready for you` : '');

/**
 * A bar with its numbers also in words, so the progress is not told by colour or length alone.
 * Only steps the owner marked done move it: a step the AI prepared is "ready for you", not done.
 */
export const GoalProgressBar = ({ progress, label }: { progress: GoalProgress; label: string }) => (
  <div className={`goal-progress${progress.total > 0 && progress.completed === progress.total ? ' done' : ''}`}>
    <div
      className="goal-progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={progress.percent}
      aria-valuetext={`${progress.percent}%: ${progress.completed} of ${progress.total} steps done`}
    >
      <div className="goal-progress-fill" style={{ width: `${progress.percent}%` }} />
    </div>
    <span className="goal-progress-text" data-testid="goal-progress-text">
      {progress.completed} of {progress.total} steps done ({progress.percent}%){readyText(progress)}
    </span>
  </div>
);

/** A metric goal's steps, in words only: its progress is the live number. */
export const StepsDone = ({ progress }: { progress: GoalProgress }) =>
  progress.total > 0 ? (
    <p className="goal-progress-text" data-testid="goal-steps-text">
      Steps: {progress.completed} of {progress.total} done{readyText(progress)}
    </p>
  ) : null;
