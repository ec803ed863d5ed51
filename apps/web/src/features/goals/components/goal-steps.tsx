import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Task } from '@aiceo/shared/tasks';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { MarkdownText } from '@/components/ui/markdown';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDate } from '@/utils/format';
import { useMarkGoalStep } from '../api/mark-goal-step';
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

/**
 * Where a step stands for the owner: done once they marked it; "Ready for you" when the AI has
 * prepared it (its task finished) and it waits for them; otherwise the task's own status.
 */
const StepStatus = ({ step, renderStatus }: { step: Task; renderStatus: (step: Task) => ReactNode }) => {
  if (step.stepDoneAt)
    return (
      <span className="badge good" data-testid="step-state" data-state="done">
        Done ✓
      </span>
    );
  if (step.status === 'COMPLETED')
    return (
      <span className="badge" data-testid="step-state" data-state="ready">
        Ready for you
      </span>
    );
  return renderStatus(step);
};

type StepDoneToggleProps = { orgId: string; goalId: string; step: Task; name: string };

/** "Mark done" for the owner who did the step, and "Undo" to take it back. */
const StepDoneToggle = ({ orgId, goalId, step, name }: StepDoneToggleProps) => {
  const mark = useMarkGoalStep(orgId, goalId);
  const toast = useToast();
  const done = step.stepDoneAt !== null;
  // A cancelled step is out of the plan: neither marked nor undone (the API answers 409).
  if (step.status === 'CANCELLED') return null;
  const onClick = () =>
    mark.mutate({ taskId: step.id, done: !done }, { onError: (error: unknown) => toast(errorMessage(error), 'error') });
  return (
    <Button
      size="small"
      variant={done ? 'ghost' : 'secondary'}
      isPending={mark.isPending}
      pendingLabel={done ? 'Undoing…' : 'Marking…'}
      aria-label={done ? `Undo done: ${name}` : `Mark done: ${name}`}
      onClick={onClick}
    >
      {done ? 'Undo' : 'Mark done'}
    </Button>
  );
};

type GoalStepsProps = {
  orgId: string;
  goalId: string;
  steps: readonly Task[];
  /** Admins mark steps done; members read them. */
  canMark: boolean;
  renderStatus: (step: Task) => ReactNode;
};

/** The plan in order: each step's state and due date, what the AI handed over, and the owner's "Mark done". */
export const GoalSteps = ({ orgId, goalId, steps, canMark, renderStatus }: GoalStepsProps) => {
  const ordered = [...steps].sort((a, b) => (a.goalOrder ?? 0) - (b.goalOrder ?? 0));
  return (
    <ol className="goal-steps" aria-label="Steps">
      {ordered.map((step) => {
        const deliverable = step.status === 'COMPLETED' ? deliverableOf(step) : null;
        const name = nameOf(step);
        return (
          <li
            key={step.id}
            className="card goal-step"
            data-status={step.status}
            data-done={step.stepDoneAt ? 'true' : 'false'}
          >
            <div className="goal-step-head">
              <h3>{name}</h3>
              <StepStatus step={step} renderStatus={renderStatus} />
              <span className="muted">{step.dueAt ? `Due ${formatDate(step.dueAt)}` : null}</span>
              <Link to={paths.orgs.tasks.getHref(orgId, step.id)} aria-label={`Open task: ${name}`}>
                Task
              </Link>
              {canMark ? <StepDoneToggle orgId={orgId} goalId={goalId} step={step} name={name} /> : null}
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
