import { projectPriorityLabels, type ProjectPriority } from '@aiceo/shared/projects';
import { priorityTone } from '../format';
import './projects.css';

export const PriorityChip = ({ priority }: { priority: ProjectPriority }) => (
  <span className={`badge priority-chip ${priorityTone[priority]}`}>
    {projectPriorityLabels[priority]}
    <span className="visually-hidden"> priority</span>
  </span>
);

/** "2 overdue" in the danger colour, or nothing. */
export const OverdueChip = ({ count }: { count: number }) =>
  count > 0 ? (
    <span className="badge bad" data-testid="overdue-count">
      {count} overdue
    </span>
  ) : null;
