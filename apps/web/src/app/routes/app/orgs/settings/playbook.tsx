import { Link, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { QueryView } from '@/components/ui/states';
import { ApplyPlaybookForm } from '@/features/playbooks/components/apply-playbook-form';
import { ContentThemesForm } from '@/features/playbooks/components/content-themes-form';
import { StageLabelsForm } from '@/features/playbooks/components/stage-labels-form';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { orgPlaybookQueryOptions, playbooksQueryOptions, useOrgPlaybook, usePlaybooks } from '@/hooks/use-org-playbook';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(orgPlaybookQueryOptions(params.orgId ?? ''));
  void queryClient.prefetchQuery(playbooksQueryOptions());
  await requireUser({ request });
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const canEdit = org.role !== null && hasRole(org.role, 'admin');
  const current = useOrgPlaybook(orgId);
  const all = usePlaybooks();
  return (
    <QueryView query={current} loadingLabel="Loading the playbook…" errorTitle="Could not load the playbook">
      {(data) => (
        <div className="stack">
          <section className="card" aria-labelledby="playbook-heading">
            <h2 id="playbook-heading">Business and playbook</h2>
            {data.playbook ? (
              <p>
                {org.name} runs on the <strong data-testid="current-playbook">{data.playbook.name}</strong> playbook:{' '}
                {data.playbook.pitch}
              </p>
            ) : (
              <p>No playbook yet. Choose the one closest to your business below.</p>
            )}
            <p className="muted">
              A playbook is a starting point: it set your AI CEO’s persona and tone (see{' '}
              <Link to={paths.orgs.settings.ai.getHref(orgId)}>AI CEO</Link>), the stage names, content themes and
              finance categories below. Change any of it; your changes stay yours.
            </p>
            {data.financeCategories.length > 0 ? (
              <>
                <h3>Finance categories from the playbook</h3>
                <ul className="playbook-list">
                  {data.financeCategories.map((category) => (
                    <li key={category.name}>
                      {category.name} ({category.kind}){category.present ? '' : ': not in your books'}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {data.suggestedGoals.length > 0 ? (
              <p>
                {data.suggestedGoals.filter((g) => !g.added).length} of {data.suggestedGoals.length} suggested goals are
                waiting on the <Link to={paths.orgs.goals.getHref(orgId)}>Goals</Link> page.
              </p>
            ) : null}
          </section>

          <section className="card" aria-labelledby="stage-names-heading">
            <h2 id="stage-names-heading">Pipeline stage names</h2>
            <p className="muted">
              Your words for the six stages, shown on the leads list, board and filters. Leads stay in their stage;
              reports and the AI CEO keep working.
            </p>
            <StageLabelsForm
              key={JSON.stringify(data.stageLabels)}
              orgId={orgId}
              labels={data.stageLabels}
              canEdit={canEdit}
            />
          </section>

          <section className="card" aria-labelledby="themes-heading">
            <h2 id="themes-heading">Content themes</h2>
            <p className="muted">What your posts are about. The AI CEO picks the theme that fits each brief.</p>
            <ContentThemesForm
              key={data.contentThemes.join('\n')}
              orgId={orgId}
              themes={data.contentThemes}
              canEdit={canEdit}
            />
          </section>

          {canEdit ? (
            <section className="card" aria-labelledby="apply-heading">
              <h2 id="apply-heading">Apply another playbook</h2>
              <QueryView query={all} loadingLabel="Loading the playbooks…" errorTitle="Could not load the playbooks">
                {(list) => (
                  <ApplyPlaybookForm orgId={orgId} playbooks={list.items} current={data.playbook?.key ?? null} />
                )}
              </QueryView>
            </section>
          ) : null}
        </div>
      )}
    </QueryView>
  );
};
