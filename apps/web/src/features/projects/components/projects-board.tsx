import { useState, type DragEvent } from 'react';
import { Link } from 'react-router';
import { projectStatuses, projectStatusLabels, type ProjectStatus, type ProjectSummary } from '@aiceo/shared/projects';
import { paths } from '@/config/paths';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useUpdateProject } from '../api/update-project';
import { formatDay } from '../format';
import { OverdueChip, PriorityChip } from './priority-chip';
import { ProjectProgress } from './project-progress';
import './projects.css';

const DRAG_TYPE = 'application/x-aiceo-project';

type CardProps = {
  orgId: string;
  project: ProjectSummary;
  isDragging: boolean;
  onDragStart: (project: ProjectSummary) => void;
  onDragEnd: () => void;
  onMove: (project: ProjectSummary, to: ProjectStatus) => void;
};

const ProjectCard = ({ orgId, project, isDragging, onDragStart, onDragEnd, onMove }: CardProps) => (
  <li
    className={`project-card${isDragging ? ' is-dragging' : ''}`}
    draggable
    data-testid="project-card"
    aria-label={project.name}
    onDragStart={(event) => {
      event.dataTransfer.setData(DRAG_TYPE, project.id);
      event.dataTransfer.setData('text/plain', project.name);
      event.dataTransfer.effectAllowed = 'move';
      onDragStart(project);
    }}
    onDragEnd={onDragEnd}
  >
    <div className="project-card-title">
      <Link to={paths.orgs.project.getHref(orgId, project.id)} draggable={false}>
        {project.name}
      </Link>
    </div>
    {project.clientName ? <div className="project-card-meta">{project.clientName}</div> : null}
    <div className="project-card-chips">
      <PriorityChip priority={project.priority} />
      <OverdueChip count={project.milestonesOverdue} />
    </div>
    <ProjectProgress
      percent={project.progressPercent}
      done={project.milestonesDone}
      total={project.milestonesTotal}
      label={`Progress of ${project.name}`}
      isCompact
    />
    <div className="project-card-meta">{project.dueDate ? `Due ${formatDay(project.dueDate)}` : 'No due date'}</div>
    {/* The keyboard and screen-reader way to do what dragging does. */}
    <label className="visually-hidden" htmlFor={`move-${project.id}`}>
      Status of {project.name}
    </label>
    <select
      id={`move-${project.id}`}
      value={project.status}
      onChange={(event) => onMove(project, event.target.value as ProjectStatus)}
    >
      {projectStatuses.map((status) => (
        <option key={status} value={status}>
          {status === project.status ? projectStatusLabels[status] : `Move to ${projectStatusLabels[status]}`}
        </option>
      ))}
    </select>
  </li>
);

type ProjectsBoardProps = { orgId: string; projects: readonly ProjectSummary[] };

/** One column per status; a card dropped on another column (or moved with its select) changes status at once. */
export const ProjectsBoard = ({ orgId, projects }: ProjectsBoardProps) => {
  const update = useUpdateProject(orgId);
  const toast = useToast();
  const [dragged, setDragged] = useState<ProjectSummary | null>(null);
  const [over, setOver] = useState<ProjectStatus | null>(null);

  const onMove = (project: ProjectSummary, to: ProjectStatus) => {
    if (project.status === to) return;
    update.mutate(
      { projectId: project.id, body: { status: to }, optimistic: { status: to } },
      {
        onSuccess: () => toast(`${project.name} moved to ${projectStatusLabels[to]}`),
        onError: (error) =>
          toast(`${project.name} stays in ${projectStatusLabels[project.status]}: ${errorMessage(error)}`, 'error'),
      },
    );
  };

  const onDrop = (status: ProjectStatus) => (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setOver(null);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    const project = projects.find((p) => p.id === id) ?? dragged;
    setDragged(null);
    if (project) onMove(project, status);
  };

  return (
    <div className="project-board" data-testid="project-board">
      {projectStatuses.map((status) => {
        const cards = projects.filter((project) => project.status === status);
        const headingId = `project-board-${status}`;
        return (
          <section
            key={status}
            className={`project-column${over === status ? ' is-over' : ''}`}
            aria-labelledby={headingId}
            data-status={status}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              if (over !== status) setOver(status);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(null);
            }}
            onDrop={onDrop(status)}
          >
            <h2 id={headingId}>
              {projectStatusLabels[status]}
              <span className="badge" data-testid="status-count">
                {cards.length}
                <span className="visually-hidden"> projects</span>
              </span>
            </h2>
            {cards.length === 0 ? <p className="project-column-empty">Drop a project here</p> : null}
            <ul className="project-cards">
              {cards.map((project) => (
                <ProjectCard
                  key={project.id}
                  orgId={orgId}
                  project={project}
                  isDragging={dragged?.id === project.id}
                  onDragStart={setDragged}
                  onDragEnd={() => {
                    setDragged(null);
                    setOver(null);
                  }}
                  onMove={onMove}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
};
