import { useState } from 'react';
import type { CampaignRecipient, RecipientCounts, RecipientStatus } from '@aiceo/shared/campaigns';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { SelectField } from '@/components/ui/field';
import { Pager } from '@/components/ui/pager';
import { QueryView } from '@/components/ui/states';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { formatDateTime } from '@/utils/format';
import { useRecipients, type RecipientFilter } from '../api/list-recipients';
import './campaigns.css';

const statusBadge: Record<RecipientStatus, string> = {
  pending: 'badge',
  sent: 'badge good',
  failed: 'badge bad',
  skipped: 'badge',
};

const columns: DataTableColumn<CampaignRecipient>[] = [
  { header: 'Email', isRowHeader: true, cell: (recipient) => recipient.email },
  { header: 'Status', cell: (recipient) => <span className={statusBadge[recipient.status]}>{recipient.status}</span> },
  {
    header: 'Reason',
    cell: (recipient) =>
      recipient.error ??
      (recipient.status === 'skipped' ? 'Unsubscribed before the send' : <span className="muted">—</span>),
    className: 'report-reason',
  },
  { header: 'Sent', cell: (recipient) => formatDateTime(recipient.sentAt) },
  { header: 'First click', cell: (recipient) => formatDateTime(recipient.clickedAt) },
  { header: 'Clicks', cell: (recipient) => recipient.clickCount, className: 'num', headerClassName: 'num' },
  { header: 'Unsubscribed', cell: (recipient) => formatDateTime(recipient.unsubscribedAt) },
];

const filters: { value: string; label: string; filter: RecipientFilter }[] = [
  { value: 'all', label: 'Everyone', filter: {} },
  { value: 'sent', label: 'Sent', filter: { status: 'sent' } },
  { value: 'failed', label: 'Failed', filter: { status: 'failed' } },
  { value: 'skipped', label: 'Skipped', filter: { status: 'skipped' } },
  { value: 'pending', label: 'Waiting to be sent', filter: { status: 'pending' } },
  { value: 'clicked', label: 'Clicked a link', filter: { clicked: 'true' } },
  { value: 'not-clicked', label: 'Sent, no click yet', filter: { status: 'sent', clicked: 'false' } },
  { value: 'unsubscribed', label: 'Unsubscribed', filter: { unsubscribed: 'true' } },
];

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;

/** The campaign's totals: sent, failed, clicked (and the rate of the sent), unsubscribed. */
export const CampaignTotals = ({ counts }: { counts: RecipientCounts }) => (
  <dl className="grid stats" aria-label="Campaign totals" data-testid="campaign-totals">
    {(
      [
        ['Sent', counts.sent],
        ['Failed', counts.failed],
        ['Clicked', counts.clicked],
        ['Click rate', percent(counts.clicked, counts.sent)],
        ['Unsubscribed', counts.unsubscribed],
      ] as const
    ).map(([label, value]) => (
      <div className="stat" key={label}>
        <dt>{label}</dt>
        <dd>{typeof value === 'number' ? value.toLocaleString('en-US') : value}</dd>
      </div>
    ))}
  </dl>
);

/**
 * The campaign report: totals, then one row per recipient (status, failure reason, when it was
 * sent, clicks, unsubscribe) a page at a time, filtered; refreshed while the campaign is sending.
 */
export const CampaignReport = ({
  orgId,
  campaignId,
  counts,
  isSending,
}: {
  orgId: string;
  campaignId: string;
  counts: RecipientCounts;
  isSending: boolean;
}) => {
  const pages = useCursorPages();
  const [filterKey, setFilterKey] = useState('all');
  const filter = filters.find((option) => option.value === filterKey)?.filter ?? {};
  // The rows are fetched again whenever the totals or the status change (e.g. the send finishing).
  const version = [isSending ? 'sending' : 'done', ...Object.values(counts)].join(':');
  const recipients = useRecipients(orgId, campaignId, { cursor: pages.cursor, isSending, filter, version });
  return (
    <section className="stack" aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      <CampaignTotals counts={counts} />
      <div className="report-toolbar">
        <h3 id="log-heading">Send log</h3>
        <SelectField
          label="Show"
          name="recipientFilter"
          value={filterKey}
          options={filters}
          onChange={(event) => {
            setFilterKey(event.target.value);
            pages.reset();
          }}
        />
      </div>
      <QueryView
        query={recipients}
        loadingLabel="Loading the send log…"
        errorTitle="Could not load the send log"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<p className="muted">{filterKey === 'all' ? 'Nobody yet.' : 'Nobody matches this filter.'}</p>}
      >
        {(data) => (
          <>
            <DataTable
              labelledBy="log-heading"
              className="report-table"
              columns={columns}
              rows={data.items}
              rowProps={(recipient) => ({
                'data-status': recipient.status,
                'data-clicked': recipient.clickedAt ? 'true' : 'false',
              })}
            />
            <Pager
              label="Send log pages"
              page={pages.page}
              hasPrevious={pages.hasPrevious}
              nextCursor={data.nextCursor}
              isFetching={recipients.isFetching}
              onPrevious={pages.previous}
              onNext={pages.next}
            />
          </>
        )}
      </QueryView>
    </section>
  );
};
