import { useId, useState } from 'react';
import { Link } from 'react-router';
import {
  projectPriorities,
  projectPriorityLabels,
  projectStatuses,
  projectStatusLabels,
  type Project,
  type ProjectPriority,
  type ProjectStatus,
} from '@aiceo/shared/projects';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { formatDate } from '@/utils/format';
import { useUpdateProject } from '../api/update-project';
import { formatDay } from '../format';
import { ProjectProgress } from './project-progress';
import './projects.css';

/** Status and priority save as soon as they are picked (and go back if the API refuses). */
const QuickSelects = ({ orgId, project }: { orgId: string; project: Project }) => {
  const id = useId();
  const update = useUpdateProject(orgId);
  const toast = useToast();
  const save = (change: { status: ProjectStatus } | { priority: ProjectPriority }, said: string) =>
    update.mutate(
      { projectId: project.id, body: change, optimistic: change },
      {
        onSuccess: () => toast(said),
        onError: (error) => toast(`Not saved: ${errorMessage(error)}`, 'error'),
      },
    );
  return (
    <div className="form-row project-quick">
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select
          id={`${id}-status`}
          value={project.status}
          onChange={(event) => {
            const status = event.target.value as ProjectStatus;
            save({ status }, `Status: ${projectStatusLabels[status]}`);
          }}
        >
          {projectStatuses.map((status) => (
            <option key={status} value={status}>
              {projectStatusLabels[status]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-priority`}>Priority</label>
        <select
          id={`${id}-priority`}
          value={project.priority}
          onChange={(event) => {
            const priority = event.target.value as ProjectPriority;
            save({ priority }, `Priority: ${projectPriorityLabels[priority]}`);
          }}
        >
          {projectPriorities.map((priority) => (
            <option key={priority} value={priority}>
              {projectPriorityLabels[priority]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
};

/** The client's read-only progress page: copy its link to send, or open it to see what they see. */
const ClientLink = ({ url }: { url: string }) => {
  const toast = useToast();
  const [isShown, setShown] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      toast('Client link copied');
    } catch {
      // No clipboard (an insecure origin, a denied permission): show the link to copy by hand.
      setShown(true);
    }
  };
  return (
    <div className="project-client-link">
      <div className="actions">
        <Button variant="secondary" size="small" onClick={() => void copy()}>
          Copy client link
        </Button>
        <a className="button secondary small" href={url} target="_blank" rel="noopener noreferrer">
          Open it<span className="visually-hidden"> (the client’s progress page, in a new tab)</span>
        </a>
      </div>
      {isShown ? (
        <input
          className="project-client-url"
          readOnly
          value={url}
          aria-label="Client link"
          onFocus={(event) => event.currentTarget.select()}
          // The element appears because copying failed: put the caret there so Ctrl+C works at once.
          autoFocus
        />
      ) : null}
      <p className="hint">Anyone with the link sees the status, progress and milestones; nothing else.</p>
    </div>
  );
};

type ProjectOverviewProps = { orgId: string; project: Project };

/** Status, priority, dates, where the project came from, progress and the client's link. */
export const ProjectOverview = ({ orgId, project }: ProjectOverviewProps) => (
  <section className="card project-overview" aria-labelledby="project-overview-title">
    <h2 id="project-overview-title" className="visually-hidden">
      Overview
    </h2>
    <QuickSelects orgId={orgId} project={project} />
    <ProjectProgress
      percent={project.progressPercent}
      done={project.milestonesDone}
      total={project.milestonesTotal}
      label="Project progress"
    />
    <dl className="project-facts">
      <div>
        <dt>Client</dt>
        <dd>
          {project.clientName || '—'}
          {project.clientEmail ? (
            <>
              {' · '}
              <a href={`mailto:${project.clientEmail}`}>{project.clientEmail}</a>
            </>
          ) : null}
        </dd>
      </div>
      <div>
        <dt>Start</dt>
        <dd>{formatDay(project.startDate)}</dd>
      </div>
      <div>
        <dt>Due</dt>
        <dd>{formatDay(project.dueDate)}</dd>
      </div>
      {project.completedAt ? (
        <div>
          <dt>Completed</dt>
          <dd>{formatDate(project.completedAt)}</dd>
        </div>
      ) : null}
      <div>
        <dt>Came from</dt>
        <dd className="project-origin">
          {project.proposalId ? (
            <Link to={paths.orgs.proposal.getHref(orgId, project.proposalId)}>
              Proposal {project.proposalNumber === null ? '' : `P-${project.proposalNumber}`}
            </Link>
          ) : null}
          {project.proposalId && project.leadId ? ' · ' : null}
          {project.leadId ? (
            <Link to={paths.orgs.leads.lead.getHref(orgId, project.leadId)}>Lead {project.leadName ?? ''}</Link>
          ) : null}
          {!project.proposalId && !project.leadId ? 'Added by hand' : null}
        </dd>
      </div>
    </dl>
    <ClientLink url={project.publicUrl} />
  </section>
);
