import { Link } from 'react-router';
import type { Goal } from '@aiceo/shared/goals';
import { paths } from '@/config/paths';
import { formatDate } from '@/utils/format';

/** Active goals with their progress, on the dashboard. */
export const GoalsCard = ({ orgId, goals }: { orgId: string; goals: readonly Goal[] }) => (
  <section className="card dashboard-goals" aria-labelledby="dashboard-goals-heading" style={{ marginBottom: '1rem' }}>
    <div className="page-header" style={{ marginBottom: '0.5rem' }}>
      <h2 id="dashboard-goals-heading">Goals</h2>
      <Link to={paths.orgs.goals.getHref(orgId)}>All goals</Link>
    </div>
    {goals.length === 0 ? (
      <p className="muted">No active goals. Set one and the AI CEO plans the steps.</p>
    ) : (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: '0.75rem' }}>
        {goals.map((goal) => (
          <li key={goal.id}>
            <Link to={paths.orgs.goal.getHref(orgId, goal.id)}>{goal.title}</Link>
            {goal.targetDate ? <span className="muted"> · by {formatDate(goal.targetDate)}</span> : null}
            <div style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
              <progress
                max={100}
                value={goal.live ? goal.live.percent : goal.progress.percent}
                aria-label={`Progress of ${goal.title}`}
                style={{ flex: 1 }}
              />
              <span className="muted" style={{ whiteSpace: 'nowrap' }}>
                {goal.live
                  ? `${goal.live.percent}% · ${goal.live.onTrack ? 'on track' : 'off track'}`
                  : `${goal.progress.completed}/${goal.progress.total} steps done (${goal.progress.percent}%)`}
              </span>
            </div>
            {/* A metric goal's progress is its live number, not its steps. */}
            {goal.live ? (
              <p className="muted" style={{ margin: 0 }}>
                {goal.live.summary}
              </p>
            ) : null}
            {/* Steps the AI prepared wait for the owner: they count once marked done. */}
            {goal.progress.prepared > 0 ? (
              <p className="muted" style={{ margin: 0 }} data-testid="goal-ready">
                {goal.progress.prepared} {goal.progress.prepared === 1 ? 'step' : 'steps'} ready for you
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    )}
  </section>
);
