import { Button } from '@/components/ui/button';
import { ErrorState, Loading } from '@/components/ui/states';
import { formatDate } from '@/utils/format';
import { useDrafts } from '../api/list-posts';
import { postLabel, type CalendarPost } from './post-chip';

/** Drafts with no date yet: they have no day on the calendar, so they wait here. */
export const UnscheduledDrafts = ({ orgId, onOpen }: { orgId: string; onOpen: (post: CalendarPost) => void }) => {
  const drafts = useDrafts(orgId);
  const items = drafts.data?.pages.flatMap((page) => page.items).filter((post) => post.scheduledFor === null) ?? [];
  return (
    <aside className="content-drafts card" aria-labelledby="drafts-heading">
      <h2 id="drafts-heading">Unscheduled drafts</h2>
      {drafts.isPending ? <Loading label="Loading drafts…" /> : null}
      {drafts.isError ? (
        <ErrorState error={drafts.error} title="Could not load the drafts" onRetry={() => void drafts.refetch()} />
      ) : null}
      {drafts.isSuccess && items.length === 0 ? (
        <p className="muted">No drafts waiting. Save a post without a date and it shows here.</p>
      ) : null}
      <ul className="content-draft-list">
        {items.map((post) => (
          <li key={post.id}>
            <button
              type="button"
              className="post-chip status-draft"
              onClick={() => onOpen(post)}
              data-post-id={post.id}
            >
              <span className="post-chip-title">{postLabel(post)}</span>
              <span className="post-chip-time">Edited {formatDate(post.updatedAt)}</span>
            </button>
          </li>
        ))}
      </ul>
      {drafts.hasNextPage ? (
        <Button
          variant="secondary"
          size="small"
          onClick={() => void drafts.fetchNextPage()}
          isPending={drafts.isFetchingNextPage}
          pendingLabel="Loading…"
        >
          Load more
        </Button>
      ) : null}
    </aside>
  );
};
