import { useId } from 'react';
import { useSearchParams } from 'react-router';
import type { AdminDispute } from '@aiceo/shared/platform';
import { Pager } from '@/components/ui/pager';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useAdminDisputes } from '@/features/admin/api/list-disputes';
import { DisputeCard } from '@/features/admin/components/dispute-card';
import { useCursorPages } from '@/hooks/use-cursor-pages';

const PAGE_SIZE = 20;
const FILTERS = [
  { value: 'open', label: 'Open' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'all', label: 'All' },
] as const;

export const Component = () => {
  const [params, setParams] = useSearchParams();
  const filter = FILTERS.find((f) => f.value === params.get('status'))?.value ?? 'open';
  const pages = useCursorPages();
  const disputes = useAdminDisputes({
    ...(filter === 'all' ? {} : { status: filter as AdminDispute['status'] }),
    cursor: pages.cursor,
    limit: PAGE_SIZE,
  });
  const selectId = useId();
  return (
    <section aria-labelledby="disputes-heading" className="stack">
      <h2 id="disputes-heading">Credit disputes</h2>
      <p className="muted">
        A refund gives the disputed credits back; a rejection keeps the charge. Either way the note reaches the
        organisation.
      </p>
      <div className="field" style={{ maxWidth: '16rem' }}>
        <label htmlFor={selectId}>Show</label>
        <select
          id={selectId}
          value={filter}
          onChange={(event) => {
            pages.reset();
            setParams({ status: event.target.value }, { replace: true });
          }}
        >
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <QueryView
        query={disputes}
        loadingLabel="Loading disputes…"
        errorTitle="Could not load the disputes"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<EmptyState title={filter === 'open' ? 'No open disputes' : 'No disputes here'} />}
      >
        {(data) => (
          <>
            {data.items.map((dispute) => (
              <DisputeCard key={dispute.id} dispute={dispute} />
            ))}
            <Pager
              label="Dispute pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={disputes.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </section>
  );
};
