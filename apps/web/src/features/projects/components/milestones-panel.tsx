import { useEffect, useRef } from 'react';
import type { Milestone, Project } from '@aiceo/shared/projects';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { EmptyState, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDate } from '@/utils/format';
import { useDeleteMilestone } from '../api/delete-milestone';
import { useUpdateMilestone } from '../api/update-milestone';
import { formatDay } from '../format';
import { MilestoneDialog } from './milestone-dialog';
import { PlanWithAi } from './plan-with-ai';
import './projects.css';

type RowProps = {
  orgId: string;
  projectId: string;
  milestone: Milestone;
  index: number;
  count: number;
  onMove: (milestone: Milestone, to: number, direction: 'up' | 'down') => void;
};

const MilestoneRow = ({ orgId, projectId, milestone, index, count, onMove }: RowProps) => {
  const update = useUpdateMilestone(orgId, projectId);
  const remove = useDeleteMilestone(orgId, projectId);
  const toast = useToast();
  const checkboxId = `milestone-done-${milestone.id}`;
  const toggle = (done: boolean) =>
    update.mutate(
      { milestoneId: milestone.id, body: { done } },
      { onError: (error) => toast(`“${milestone.title}” was not saved: ${errorMessage(error)}`, 'error') },
    );
  return (
    <li
      className={`milestone${milestone.done ? ' is-done' : ''}${milestone.overdue ? ' is-overdue' : ''}`}
      data-testid="milestone"
      data-milestone={milestone.title}
    >
      <div className="milestone-head">
        <input
          id={checkboxId}
          type="checkbox"
          className="milestone-check"
          checked={milestone.done}
          onChange={(event) => toggle(event.target.checked)}
        />
        <label htmlFor={checkboxId} className="milestone-title">
          <span className="visually-hidden">Done: </span>
          {milestone.title}
        </label>
        {milestone.overdue ? <span className="badge bad">Overdue</span> : null}
        {milestone.done && milestone.doneAt ? (
          <span className="milestone-due">Done {formatDate(milestone.doneAt)}</span>
        ) : null}
        {milestone.dueDate ? (
          <span className={`milestone-due${milestone.overdue ? ' overdue' : ''}`}>
            Due {formatDay(milestone.dueDate)}
          </span>
        ) : null}
      </div>
      {milestone.description ? <p className="milestone-text">{milestone.description}</p> : null}
      {milestone.deliverables.length > 0 ? (
        <ul className="milestone-deliverables" aria-label={`Deliverables of ${milestone.title}`}>
          {milestone.deliverables.map((deliverable, i) => (
            <li key={i}>{deliverable}</li>
          ))}
        </ul>
      ) : null}
      <div className="actions milestone-actions">
        <MilestoneDialog
          orgId={orgId}
          projectId={projectId}
          milestone={milestone}
          openerText="Edit"
          openerLabel={`Edit ${milestone.title}`}
          variant="ghost"
        />
        <Button
          variant="ghost"
          size="small"
          aria-label={`Move ${milestone.title} up`}
          data-move={`up-${milestone.id}`}
          disabled={index === 0}
          onClick={() => onMove(milestone, index - 1, 'up')}
        >
          <span aria-hidden="true">↑</span> Up
        </Button>
        <Button
          variant="ghost"
          size="small"
          aria-label={`Move ${milestone.title} down`}
          data-move={`down-${milestone.id}`}
          disabled={index === count - 1}
          onClick={() => onMove(milestone, index + 1, 'down')}
        >
          <span aria-hidden="true">↓</span> Down
        </Button>
        <ConfirmButton
          variant="ghost"
          aria-label={`Delete ${milestone.title}`}
          title={`Delete “${milestone.title}”?`}
          description="The milestone and its deliverables are removed from the project and from the client’s page."
          confirmLabel="Delete milestone"
          pendingLabel="Deleting…"
          onConfirm={async () => {
            await remove.mutateAsync(milestone.id);
            toast('Milestone deleted');
          }}
        >
          Delete
        </ConfirmButton>
      </div>
    </li>
  );
};

type MilestonesPanelProps = { orgId: string; project: Project };

/** The project's milestones: tick done, edit, reorder, delete, add one, or let the AI plan them. */
export const MilestonesPanel = ({ orgId, project }: MilestonesPanelProps) => {
  const update = useUpdateMilestone(orgId, project.id);
  const toast = useToast();
  const listRef = useRef<HTMLOListElement>(null);
  // The moved row's button keeps focus (or its twin, at the end of the list) so arrows can be pressed again.
  const refocusRef = useRef<{ direction: 'up' | 'down'; id: string } | null>(null);
  useEffect(() => {
    const target = refocusRef.current;
    if (!target) return;
    refocusRef.current = null;
    const other = target.direction === 'up' ? 'down' : 'up';
    const button =
      listRef.current?.querySelector<HTMLButtonElement>(
        `[data-move="${target.direction}-${target.id}"]:not(:disabled)`,
      ) ?? listRef.current?.querySelector<HTMLButtonElement>(`[data-move="${other}-${target.id}"]`);
    button?.focus();
  }, [project.milestones]);

  const onMove = (milestone: Milestone, to: number, direction: 'up' | 'down') => {
    refocusRef.current = { direction, id: milestone.id };
    update.mutate(
      { milestoneId: milestone.id, body: { position: to } },
      { onError: (error) => toast(`“${milestone.title}” was not moved: ${errorMessage(error)}`, 'error') },
    );
  };

  return (
    <section className="card project-milestones" aria-labelledby="milestones-title">
      <div className="section-head">
        <h2 id="milestones-title">
          Milestones
          {project.milestonesOverdue > 0 ? (
            <span className="badge bad" data-testid="milestones-overdue">
              {project.milestonesOverdue} overdue
            </span>
          ) : null}
        </h2>
        <div className="actions">
          <PlanWithAi orgId={orgId} projectId={project.id} />
          <MilestoneDialog orgId={orgId} projectId={project.id} openerText="Add milestone" variant="primary" />
        </div>
      </div>
      {project.milestones.length === 0 ? (
        <EmptyState title="No milestones yet">
          <p>
            Add the steps of the work with their due dates, or let “Plan with AI” suggest them. Progress is the share of
            milestones done.
          </p>
        </EmptyState>
      ) : (
        <ol className="milestones" ref={listRef}>
          {project.milestones.map((milestone, index) => (
            <MilestoneRow
              key={milestone.id}
              orgId={orgId}
              projectId={project.id}
              milestone={milestone}
              index={index}
              count={project.milestones.length}
              onMove={onMove}
            />
          ))}
        </ol>
      )}
    </section>
  );
};
