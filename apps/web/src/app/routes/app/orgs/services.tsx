import { useState, type FormEvent } from 'react';
import { useParams, type LoaderFunctionArgs } from 'react-router';
import type { ServiceTemplate } from '@aiceo/shared/proposals';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import {
  serviceTemplatesQueryOptions,
  useServiceTemplates,
} from '@/features/service-templates/api/list-service-templates';
import { TemplateEditor } from '@/features/service-templates/components/template-editor';
import { TemplatesList } from '@/features/service-templates/components/templates-list';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  void queryClient.prefetchQuery(serviceTemplatesQueryOptions({ orgId: params.orgId ?? '' }));
  await requireUser({ request });
  return null;
};

/** Which editor is open: a new template, one to edit, or none. */
type Editing = { template?: ServiceTemplate } | null;

export const Component = () => {
  const { orgId = '' } = useParams();
  const currency = useOrgCurrency();
  const pages = useCursorPages();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const templates = useServiceTemplates({ orgId, q, cursor: pages.cursor });

  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get('q');
    setQ(typeof value === 'string' ? value.trim() : '');
    pages.reset();
  };

  return (
    <>
      <PageHeader
        title="Services"
        description="What you sell, written once: proposals are made from these templates."
        actions={
          <Button aria-haspopup="dialog" onClick={() => setEditing({})}>
            New template
          </Button>
        }
      />
      <form className="template-search" role="search" onSubmit={onSearch} aria-label="Search service templates">
        <div className="field">
          <label htmlFor="template-search">Search by name or description</label>
          <input id="template-search" name="q" type="search" maxLength={200} defaultValue={q} />
        </div>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      <QueryView
        query={templates}
        loadingLabel="Loading service templates…"
        errorTitle="Could not load the service templates"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={
          q ? (
            <EmptyState title="No template matches">
              <p>Nothing in the names or descriptions matches “{q}”.</p>
            </EmptyState>
          ) : (
            <EmptyState title="No service templates yet">
              <p>
                A template describes one service you sell: its deliverables, how it is priced (fixed, hourly or a
                monthly retainer) and how long it usually takes. Proposals for your leads are built from templates, and
                an accepted proposal turns their deliverables into project milestones.
              </p>
              <p>Start with “New template”: describe the service in one sentence and let the AI draft it.</p>
            </EmptyState>
          )
        }
      >
        {(data) => (
          <>
            <TemplatesList orgId={orgId} templates={data.items} onEdit={(template) => setEditing({ template })} />
            <Pager
              label="Service template pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={templates.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
      {editing ? (
        <TemplateEditor
          key={editing.template?.id ?? 'new'}
          orgId={orgId}
          currency={currency}
          {...(editing.template ? { template: editing.template } : {})}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
};
