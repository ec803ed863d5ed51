import { Link } from 'react-router';
import type { Task } from '@aiceo/shared/tasks';
import { taskOriginLabels, taskTypeLabels } from '../format';
import { TaskStatusBadge } from './task-status-badge';
import { TaskWhen } from './task-time';
import './tasks.css';

/** "You" only for the caller's own tasks; someone else's are a team member's. */
export const originLabel = (task: Pick<Task, 'origin' | 'createdById'>, userId: string): string =>
  task.origin === 'user' && task.createdById !== userId ? 'Team member' : taskOriginLabels[task.origin];

type TasksTableProps = { tasks: readonly Task[]; userId: string; now: number; selectedId: string | null; hrefOf: (taskId: string) => string };

export const TasksTable = ({ tasks, userId, now, selectedId, hrefOf }: TasksTableProps) => (
  <div className="table-wrap">
    <table aria-label="Tasks">
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Attempts</th>
          <th scope="col">When</th>
          <th scope="col">Origin</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id} className={task.id === selectedId ? 'task-row-selected' : undefined} data-task-type={task.type} data-status={task.status}>
            <th scope="row">
              <Link to={hrefOf(task.id)} aria-current={task.id === selectedId ? 'true' : undefined}>
                {task.title}
              </Link>
            </th>
            <td>{taskTypeLabels[task.type]}</td>
            <td>
              <TaskStatusBadge status={task.status} />
            </td>
            <td>
              {task.attempts}/{task.maxAttempts}
            </td>
            <td>
              <TaskWhen task={task} now={now} />
            </td>
            <td>{originLabel(task, userId)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
