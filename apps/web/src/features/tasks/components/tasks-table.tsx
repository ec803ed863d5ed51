import { Link } from 'react-router';
import type { Task } from '@aiceo/shared/tasks';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { taskOriginLabels, taskTypeLabels } from '../format';
import { TaskStatusBadge } from './task-status-badge';
import { TaskWhen } from './task-time';
import './tasks.css';

/** "You" only for the caller's own tasks; someone else's are a team member's. */
export const originLabel = (task: Pick<Task, 'origin' | 'createdById'>, userId: string): string =>
  task.origin === 'user' && task.createdById !== userId ? 'Team member' : taskOriginLabels[task.origin];

type TasksTableProps = {
  tasks: readonly Task[];
  userId: string;
  selectedId: string | null;
  hrefOf: (taskId: string) => string;
};

export const TasksTable = ({ tasks, userId, selectedId, hrefOf }: TasksTableProps) => {
  const columns: DataTableColumn<Task>[] = [
    {
      header: 'Task',
      isRowHeader: true,
      cell: (task) => (
        <Link to={hrefOf(task.id)} aria-current={task.id === selectedId ? 'true' : undefined}>
          {task.title}
        </Link>
      ),
    },
    { header: 'Type', cell: (task) => taskTypeLabels[task.type] },
    { header: 'Status', cell: (task) => <TaskStatusBadge status={task.status} /> },
    { header: 'Attempts', cell: (task) => `${task.attempts}/${task.maxAttempts}` },
    { header: 'When', cell: (task) => <TaskWhen task={task} /> },
    { header: 'Origin', cell: (task) => originLabel(task, userId) },
  ];
  return (
    <DataTable
      ariaLabel="Tasks"
      columns={columns}
      rows={tasks}
      rowProps={(task) => ({
        className: task.id === selectedId ? 'task-row-selected' : undefined,
        'data-task-type': task.type,
        'data-status': task.status,
      })}
    />
  );
};
