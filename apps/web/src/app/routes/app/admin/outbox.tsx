import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useOutbox } from '@/features/admin/api/list-outbox';
import { OutboxList } from '@/features/admin/components/outbox-list';
import { useCursorPages } from '@/hooks/use-cursor-pages';

const PAGE_SIZE = 20;

export const Component = () => {
  const pages = useCursorPages();
  const outbox = useOutbox({ cursor: pages.cursor, limit: PAGE_SIZE });
  return (
    <section aria-labelledby="outbox-heading" className="stack">
      <h2 id="outbox-heading">Outbox</h2>
      <p className="muted">Mail the app has written, newest first. Without SMTP_URL this is the only place it goes.</p>
      <QueryView
        query={outbox}
        loadingLabel="Loading mail…"
        errorTitle="Could not load the outbox"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<EmptyState title="No mail yet" />}
      >
        {(data) => (
          <>
            <OutboxList mails={data.items} />
            <Pager
              label="Outbox pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={outbox.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </section>
  );
};
