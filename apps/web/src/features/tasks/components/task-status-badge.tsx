import type { TaskStatus } from '@aiceo/shared/tasks';
import { taskStatusLabels } from '../format';
import './tasks.css';

const tone: Record<TaskStatus, string> = {
  PENDING: '',
  IN_PROGRESS: 'running',
  COMPLETED: 'good',
  FAILED: 'bad',
  CANCELLED: '',
};

/** The status in words (never only a colour), with a spinner while the executor works on it. */
export const TaskStatusBadge = ({ status }: { status: TaskStatus }) => (
  <span className={`badge task-status ${tone[status]}`} data-status={status}>
    {status === 'IN_PROGRESS' ? <span className="spinner" aria-hidden="true" /> : null}
    {taskStatusLabels[status]}
  </span>
);
