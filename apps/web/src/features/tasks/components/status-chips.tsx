import { taskStatuses, type TaskStatus, type TaskSummary } from '@aiceo/shared/tasks';
import { taskStatusLabels } from '../format';
import './tasks.css';

type StatusChipsProps = {
  summary: TaskSummary | undefined;
  selected: TaskStatus | undefined;
  onSelect: (status: TaskStatus | undefined) => void;
};

/** How many tasks are in each status; each chip filters the list to that status. */
export const StatusChips = ({ summary, selected, onSelect }: StatusChipsProps) => {
  const total = summary ? taskStatuses.reduce((sum, status) => sum + (summary.counts[status] ?? 0), 0) : null;
  const chips: { status: TaskStatus | undefined; label: string; count: number | null }[] = [
    { status: undefined, label: 'All', count: total },
    ...taskStatuses.map((status) => ({
      status,
      label: taskStatusLabels[status],
      count: summary ? (summary.counts[status] ?? 0) : null,
    })),
  ];
  return (
    <ul className="task-chips" aria-label="Filter by status">
      {chips.map((chip) => (
        <li key={chip.label}>
          <button
            type="button"
            className="task-chip"
            aria-pressed={selected === chip.status}
            onClick={() => onSelect(chip.status)}
            data-testid={`task-chip-${chip.status ?? 'ALL'}`}
          >
            {chip.label}
            <span className="count">{chip.count ?? '…'}</span>
          </button>
        </li>
      ))}
    </ul>
  );
};
