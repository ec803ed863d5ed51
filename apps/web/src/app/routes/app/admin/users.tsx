import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '@/components/ui/button';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useUsers } from '@/features/admin/api/list-users';
import { UsersTable } from '@/features/admin/components/users-table';
import { useCursorPages } from '@/hooks/use-cursor-pages';

const PAGE_SIZE = 25;

export const Component = () => {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const pages = useCursorPages();
  const users = useUsers({ search: search || undefined, cursor: pages.cursor, limit: PAGE_SIZE });
  const searchId = useId();

  return (
    <section aria-labelledby="users-heading" className="stack">
      <h2 id="users-heading">Users</h2>
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
          <label htmlFor={searchId}>Search users</label>
          <input
            id={searchId}
            name="search"
            type="search"
            defaultValue={search}
            placeholder="Name or email"
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
        query={users}
        loadingLabel="Loading users…"
        errorTitle="Could not load the users"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<EmptyState title={search ? `No user matches “${search}”` : 'No users yet'} />}
      >
        {(data) => (
          <>
            <UsersTable users={data.items} />
            <Pager
              label="Users pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={users.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </section>
  );
};
