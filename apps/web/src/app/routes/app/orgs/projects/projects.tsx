import { useParams, type LoaderFunctionArgs } from 'react-router';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, ErrorState, Loading } from '@/components/ui/states';
import { projectsQueryOptions, useProjects } from '@/features/projects/api/list-projects';
import { NewProjectDialog } from '@/features/projects/components/new-project-dialog';
import { ProjectFilters, ViewToggle } from '@/features/projects/components/project-filters';
import { ProjectsBoard } from '@/features/projects/components/projects-board';
import { ProjectsTable } from '@/features/projects/components/projects-table';
import { plural } from '@/features/projects/format';
import { filterOf, useProjectView, viewFromSearch } from '@/features/projects/use-project-view';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const view = viewFromSearch(new URL(request.url).searchParams);
  void queryClient.prefetchInfiniteQuery(projectsQueryOptions(params.orgId ?? '', filterOf(view)));
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const currency = useOrgCurrency();
  const { view, setView } = useProjectView();
  const projects = useProjects(orgId, filterOf(view));
  const items = projects.data?.pages.flatMap((page) => page.items) ?? [];
  const isFiltered = Boolean(view.q || view.priority);

  return (
    <>
      <PageHeader
        title="Projects"
        description="Client work with milestones, progress and budget against what was spent."
        actions={
          <>
            <ViewToggle view={view} onChange={setView} />
            <NewProjectDialog orgId={orgId} currency={currency} />
          </>
        }
      />
      <ProjectFilters view={view} onChange={setView} />
      {projects.isPending ? (
        <Loading label="Loading projects…" />
      ) : projects.isError ? (
        <ErrorState
          error={projects.error}
          title="Could not load the projects"
          onRetry={() => void projects.refetch()}
        />
      ) : items.length === 0 && isFiltered ? (
        <EmptyState title="No projects match these filters">
          <p>Try a shorter search or another priority.</p>
        </EmptyState>
      ) : items.length === 0 ? (
        <EmptyState title="No projects yet">
          <p>
            When a client accepts a proposal, its project appears here by itself, with milestones from the services it
            was for. You can also start one by hand with “New project”.
          </p>
        </EmptyState>
      ) : (
        <div className="stack">
          {view.view === 'board' ? (
            <ProjectsBoard orgId={orgId} projects={items} />
          ) : (
            <ProjectsTable orgId={orgId} projects={items} />
          )}
          <div className="actions project-list-footer">
            <span className="muted" aria-live="polite">
              {plural(items.length, 'project')} shown{projects.hasNextPage ? '' : ' (all)'}
            </span>
            {projects.hasNextPage ? (
              <Button
                variant="secondary"
                onClick={() => void projects.fetchNextPage()}
                isPending={projects.isFetchingNextPage}
                pendingLabel="Loading…"
              >
                Load more
              </Button>
            ) : null}
          </div>
        </div>
      )}
    </>
  );
};
