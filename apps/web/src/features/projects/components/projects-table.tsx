import { Link } from 'react-router';
import { projectStatusLabels, type ProjectSummary } from '@aiceo/shared/projects';
import { formatMoney } from '@aiceo/shared/money';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { paths } from '@/config/paths';
import { formatDay } from '../format';
import { OverdueChip, PriorityChip } from './priority-chip';
import { ProjectProgress } from './project-progress';
import './projects.css';

/** "€1,200.00 of €5,000.00", red when the spending passed the budget. */
export const BudgetCell = ({ project }: { project: ProjectSummary }) => {
  const money = (minor: number) => formatMoney(minor, project.currency);
  if (project.budgetMinor === 0 && project.spentMinor === 0) return <span className="muted">—</span>;
  const isOver = project.budgetMinor > 0 && project.spentMinor > project.budgetMinor;
  return (
    <span className={`project-budget-cell${isOver ? ' project-over-budget' : ''}`}>
      <span>{money(project.spentMinor)}</span> <span className="muted">of {money(project.budgetMinor)}</span>
      {isOver ? <span className="visually-hidden"> (over budget)</span> : null}
    </span>
  );
};

export const NextMilestone = ({ project }: { project: ProjectSummary }) =>
  project.nextMilestone ? (
    <span className="project-next">
      <span>{project.nextMilestone.title}</span>
      {project.nextMilestone.dueDate ? (
        <span className="muted"> · due {formatDay(project.nextMilestone.dueDate)}</span>
      ) : null}
    </span>
  ) : (
    <span className="muted">{project.milestonesTotal > 0 ? 'All done' : '—'}</span>
  );

type ProjectsTableProps = { orgId: string; projects: readonly ProjectSummary[] };

export const ProjectsTable = ({ orgId, projects }: ProjectsTableProps) => {
  const columns: DataTableColumn<ProjectSummary>[] = [
    {
      header: 'Project',
      isRowHeader: true,
      cell: (project) => <Link to={paths.orgs.project.getHref(orgId, project.id)}>{project.name}</Link>,
    },
    { header: 'Client', cell: (project) => project.clientName || <span className="muted">—</span> },
    { header: 'Status', cell: (project) => projectStatusLabels[project.status] },
    { header: 'Priority', cell: (project) => <PriorityChip priority={project.priority} /> },
    {
      header: 'Progress',
      className: 'project-progress-cell',
      cell: (project) => (
        <ProjectProgress
          percent={project.progressPercent}
          done={project.milestonesDone}
          total={project.milestonesTotal}
          label={`Progress of ${project.name}`}
          isCompact
        />
      ),
    },
    { header: 'Next milestone', cell: (project) => <NextMilestone project={project} /> },
    {
      header: 'Overdue',
      cell: (project) =>
        project.milestonesOverdue > 0 ? (
          <OverdueChip count={project.milestonesOverdue} />
        ) : (
          <span className="muted">0</span>
        ),
    },
    {
      header: 'Spent of budget',
      headerClassName: 'amount',
      className: 'amount',
      cell: (project) => <BudgetCell project={project} />,
    },
    { header: 'Due', className: 'nowrap', cell: (project) => formatDay(project.dueDate) },
  ];
  return (
    <DataTable
      caption="Projects"
      className="projects-table"
      columns={columns}
      rows={projects}
      rowProps={(project) => ({ 'data-project': project.name })}
    />
  );
};
