import type { GoalLive } from '@aiceo/shared/goals';
import { formatDate } from '@/utils/format';
import { formatGoalNumber, goalMetricLabels } from '../format';
import './goals.css';

type GoalLiveProgressProps = {
  live: GoalLive;
  /** The progress bar's accessible name. */
  label: string;
  targetDate: string | null;
};

/**
 * A metric goal's live standing: the number now against the target, the bar, the value
 * projected at the deadline, and whether that is on track, in words as well as in colour.
 */
export const GoalLiveProgress = ({ live, label, targetDate }: GoalLiveProgressProps) => {
  const noun = goalMetricLabels[live.metric].noun;
  const value = formatGoalNumber(live, live.value);
  const target = formatGoalNumber(live, live.target);
  const reached = live.value >= live.target;
  return (
    <div
      className={`goal-progress goal-live${reached ? ' done' : ''}`}
      data-testid="goal-live"
      data-metric={live.metric}
    >
      <p className="goal-live-value">
        <strong data-testid="goal-live-value">
          {value} of {target}
        </strong>{' '}
        {noun}
        <span className={`badge ${live.onTrack ? 'good' : 'bad'}`} data-testid="goal-track">
          {reached ? 'Reached' : live.onTrack ? 'On track' : 'Off track'}
        </span>
      </p>
      <div
        className="goal-progress-bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={live.percent}
        aria-valuetext={`${live.percent}%: ${value} of ${target}`}
      >
        <div className="goal-progress-fill" style={{ width: `${live.percent}%` }} />
      </div>
      <span className="goal-progress-text" data-testid="goal-live-text">
        {live.percent}% of the target
        {/* Too early to project, or pipeline value (the value now): the summary says so. */}
        {live.projected !== live.value
          ? ` · projected ${formatGoalNumber(live, live.projected)}${targetDate ? ` by ${formatDate(targetDate)}` : ' at the deadline'}`
          : ''}{' '}
        · {live.elapsedPercent}% of the time gone
      </span>
      <p className="goal-live-summary muted" data-testid="goal-live-summary">
        {live.summary}
      </p>
    </div>
  );
};
