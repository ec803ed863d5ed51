import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Task } from '@aiceo/shared/tasks';
import { paths } from '@/config/paths';
import { MarkdownText } from '@/components/ui/markdown';
import { formatDate } from '@/utils/format';
import './goals.css';

const deliverableOf = (step: Task): string | null => {
  for (const key of ['deliverable', 'markdown', 'content', 'text', 'summary']) {
    const value = step.output?.[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return null;
};

// On its goal's page a step is named by itself; the task title also names the goal, for the task queue.
const nameOf = (step: Task): string =>
  typeof step.input['step'] === 'string' && step.input['step'].trim() ? step.input['step'] : step.title;

const detailOf = (step: Task): string | null =>
  typeof step.input['detail'] === 'string' && step.input['detail'].trim() ? step.input['detail'] : null;

type GoalStepsProps = { orgId: string; steps: readonly Task[]; renderStatus: (step: Task) => ReactNode };

/** The plan in order: each step's status and due date, and what the AI handed over for the done ones. */
export const GoalSteps = ({ orgId, steps, renderStatus }: GoalStepsProps) => {
  const ordered = [...steps].sort((a, b) => (a.goalOrder ?? 0) - (b.goalOrder ?? 0));
  return (
    <ol className="goal-steps" aria-label="Steps">
      {ordered.map((step) => {
        const deliverable = step.status === 'COMPLETED' ? deliverableOf(step) : null;
        const name = nameOf(step);
        return (
          <li key={step.id} className="card goal-step" data-status={step.status}>
            <div className="goal-step-head">
              <h3>{name}</h3>
              {renderStatus(step)}
              <span className="muted">{step.dueAt ? `Due ${formatDate(step.dueAt)}` : null}</span>
              <Link to={paths.orgs.tasks.getHref(orgId, step.id)} aria-label={`Open task: ${name}`}>
                Task
              </Link>
            </div>
            {detailOf(step) ? <p className="muted">{detailOf(step)}</p> : null}
            {step.error && step.status === 'FAILED' ? <p className="alert error">{step.error}</p> : null}
            {deliverable ? (
              <details open>
                <summary>Deliverable</summary>
                <MarkdownText text={deliverable} label={`Deliverable of ${name}`} />
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
};
