import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { paths } from '@/config/paths';
import { useAdminOrg } from '@/features/admin/api/get-org';
import { useAdminOrgs } from '@/features/admin/api/list-orgs';
import { OrgDetail } from '@/features/admin/components/org-detail';
import { OrgsTable } from '@/features/admin/components/orgs-table';
import { useCursorPages } from '@/hooks/use-cursor-pages';

const PAGE_SIZE = 25;

const SelectedOrg = ({ orgId, backHref }: { orgId: string; backHref: string }) => {
  const org = useAdminOrg(orgId);
  return (
    <div className="stack">
      <p>
        <Link to={backHref}>← All organisations</Link>
      </p>
      <QueryView query={org} loadingLabel="Loading the organisation…" errorTitle="Could not load the organisation">
        {(data) => <OrgDetail org={data} />}
      </QueryView>
    </div>
  );
};

export const Component = () => {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const selected = params.get('org');
  const pages = useCursorPages();
  const orgs = useAdminOrgs({ search: search || undefined, cursor: pages.cursor, limit: PAGE_SIZE });
  const searchId = useId();

  if (selected) {
    return (
      <SelectedOrg
        orgId={selected}
        backHref={paths.admin.orgs.getHref(search ? `search=${encodeURIComponent(search)}` : undefined)}
      />
    );
  }
  return (
    <section aria-labelledby="orgs-heading" className="stack">
      <h2 id="orgs-heading">Organisations</h2>
      <p className="muted">Money is this calendar month (UTC): margin is MRR less the AI cost so far.</p>
      <form
        role="search"
        className="form-row"
        onSubmit={(event) => {
          event.preventDefault();
          const value = new FormData(event.currentTarget).get('search');
          pages.reset();
          setParams(typeof value === 'string' && value.trim() ? { search: value.trim() } : {}, { replace: true });
        }}
      >
        <div className="field">
          <label htmlFor={searchId}>Search organisations</label>
          <input
            id={searchId}
            name="search"
            type="search"
            defaultValue={search}
            placeholder="Name or slug"
            maxLength={100}
          />
        </div>
        <div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </div>
      </form>
      <QueryView
        query={orgs}
        loadingLabel="Loading organisations…"
        errorTitle="Could not load the organisations"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<EmptyState title={search ? `No organisation matches “${search}”` : 'No organisations yet'} />}
      >
        {(data) => (
          <>
            <OrgsTable orgs={data.items} />
            <Pager
              label="Organisations pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={orgs.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </section>
  );
};
