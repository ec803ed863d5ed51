import { Link } from 'react-router';
import type { Goal } from '@aiceo/shared/goals';
import { paths } from '@/config/paths';
import { formatDate } from '@/utils/format';
import { goalStatusLabels, goalStatusTone } from '../format';
import { GoalLiveProgress } from './goal-live';
import { GoalProgressBar, StepsDone } from './goal-progress';
import './goals.css';

export const GoalsList = ({ orgId, goals }: { orgId: string; goals: readonly Goal[] }) => (
  <ul className="goal-list" aria-label="Goals">
    {goals.map((goal) => (
      <li key={goal.id}>
        <article className="card goal-card" aria-labelledby={`goal-${goal.id}`}>
          <h2 id={`goal-${goal.id}`}>
            <Link to={paths.orgs.goal.getHref(orgId, goal.id)}>{goal.title}</Link>
          </h2>
          <p>
            <span className={goalStatusTone[goal.status]}>{goalStatusLabels[goal.status]}</span>
            {goal.targetDate ? <span className="muted"> · Target {formatDate(goal.targetDate)}</span> : null}
          </p>
          {goal.live ? (
            <>
              <GoalLiveProgress live={goal.live} label={`Progress of ${goal.title}`} targetDate={goal.targetDate} />
              <StepsDone progress={goal.progress} />
            </>
          ) : (
            <GoalProgressBar progress={goal.progress} label={`Progress of ${goal.title}`} />
          )}
          {goal.nextStep ? (
            <p className="muted">
              Next: {goal.nextStep.title}
              {goal.nextStep.dueAt ? ` (due ${formatDate(goal.nextStep.dueAt)})` : ''}
            </p>
          ) : null}
        </article>
      </li>
    ))}
  </ul>
);
