import type { CampaignRecipient, RecipientStatus } from '@aiceo/shared/campaigns';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Pager } from '@/components/ui/pager';
import { QueryView } from '@/components/ui/states';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { formatDateTime } from '@/utils/format';
import { useRecipients } from '../api/list-recipients';

const statusBadge: Record<RecipientStatus, string> = {
  pending: 'badge',
  sent: 'badge good',
  failed: 'badge bad',
  skipped: 'badge',
};

const columns: DataTableColumn<CampaignRecipient>[] = [
  { header: 'Email', isRowHeader: true, cell: (recipient) => recipient.email },
  { header: 'Status', cell: (recipient) => <span className={statusBadge[recipient.status]}>{recipient.status}</span> },
  { header: 'Error', cell: (recipient) => recipient.error ?? '—' },
  { header: 'Time', cell: (recipient) => formatDateTime(recipient.sentAt) },
];

/** The send log: one row per recipient, a page at a time; refreshed while the campaign is sending. */
export const RecipientsLog = ({
  orgId,
  campaignId,
  isSending,
}: {
  orgId: string;
  campaignId: string;
  isSending: boolean;
}) => {
  const pages = useCursorPages();
  const recipients = useRecipients(orgId, campaignId, { cursor: pages.cursor, isSending });
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Send log</h2>
      <QueryView
        query={recipients}
        loadingLabel="Loading the send log…"
        errorTitle="Could not load the send log"
        isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious}
        empty={<p className="muted">Nobody yet.</p>}
      >
        {(data) => (
          <>
            <DataTable
              labelledBy="log-heading"
              columns={columns}
              rows={data.items}
              rowProps={(recipient) => ({ 'data-status': recipient.status })}
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
