import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useDeleteProject } from '@/features/projects/api/delete-project';
import { projectQueryOptions, useProject } from '@/features/projects/api/get-project';
import { EditProjectDialog } from '@/features/projects/components/edit-project-dialog';
import { MilestonesPanel } from '@/features/projects/components/milestones-panel';
import { ProjectBudget } from '@/features/projects/components/project-budget';
import { ProjectOverview } from '@/features/projects/components/project-overview';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { ApiError } from '@/lib/api-client';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(projectQueryOptions(params.orgId ?? '', params.projectId ?? ''));
  await requireUser({ request });
  return null;
};

const DeleteProject = ({ orgId, projectId, name }: { orgId: string; projectId: string; name: string }) => {
  const remove = useDeleteProject(orgId);
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      title={`Delete “${name}”?`}
      description="The project and its milestones are deleted, and the client’s link stops working. Transactions tagged to it stay in the books, untagged."
      confirmLabel="Delete project"
      pendingLabel="Deleting…"
      size="normal"
      onConfirm={async () => {
        await remove.mutateAsync(projectId);
        toast(`Project ${name} deleted`);
        await navigate(paths.orgs.projects.getHref(orgId));
        queryClient.removeQueries({ queryKey: projectQueryOptions(orgId, projectId).queryKey });
      }}
    >
      Delete
    </ConfirmButton>
  );
};

export const Component = () => {
  const { orgId = '', projectId = '' } = useParams();
  const org = useCurrentOrg();
  const canSeeMoney = org.role !== null && hasRole(org.role, 'admin');
  const project = useProject(orgId, projectId);
  if (project.error instanceof ApiError && project.error.code === 'NOT_FOUND')
    return (
      <>
        <PageHeader title="Project not found" />
        <EmptyState title="This project does not exist (any more)">
          <p>It may have been deleted, or the link is for another organisation.</p>
          <Link className="button" to={paths.orgs.projects.getHref(orgId)}>
            All projects
          </Link>
        </EmptyState>
      </>
    );
  return (
    <QueryView query={project} loadingLabel="Loading the project…" errorTitle="Could not load the project">
      {(data) => (
        <>
          <PageHeader
            title={data.name}
            description={
              <>
                <Link to={paths.orgs.projects.getHref(orgId)}>All projects</Link>
                {data.clientName ? ` · for ${data.clientName}` : ''}
              </>
            }
            actions={
              <>
                <EditProjectDialog orgId={orgId} project={data} />
                <DeleteProject orgId={orgId} projectId={data.id} name={data.name} />
              </>
            }
          />
          {data.description ? <p className="project-description">{data.description}</p> : null}
          <div className="project-page">
            <div className="project-main">
              <ProjectOverview orgId={orgId} project={data} />
              <MilestonesPanel orgId={orgId} project={data} />
            </div>
            <ProjectBudget orgId={orgId} project={data} canSeeMoney={canSeeMoney} />
          </div>
        </>
      )}
    </QueryView>
  );
};
