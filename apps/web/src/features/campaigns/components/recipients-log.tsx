import type { RecipientStatus } from '@aiceo/shared/campaigns';
import { Pager } from '@/components/ui/pager';
import { QueryView } from '@/components/ui/states';
import { useCursorPages } from '@/hooks/use-cursor-pages';
import { formatDateTime } from '@/utils/format';
import { useRecipients } from '../api/list-recipients';

const statusBadge: Record<RecipientStatus, string> = { pending: 'badge', sent: 'badge good', failed: 'badge bad', skipped: 'badge' };

/** The send log: one row per recipient, a page at a time; refreshed while the campaign is sending. */
export const RecipientsLog = ({ orgId, campaignId, isSending }: { orgId: string; campaignId: string; isSending: boolean }) => {
  const pages = useCursorPages();
  const recipients = useRecipients(orgId, campaignId, { cursor: pages.cursor, isSending });
  return (
    <section aria-labelledby="log-heading">
      <h2 id="log-heading">Send log</h2>
      <QueryView query={recipients} loadingLabel="Loading the send log…" errorTitle="Could not load the send log" isEmpty={(data) => data.items.length === 0 && !pages.hasPrevious} empty={<p className="muted">Nobody yet.</p>}>
        {(data) => (
          <>
            <div className="table-wrap">
              <table aria-labelledby="log-heading">
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Status</th>
                    <th scope="col">Error</th>
                    <th scope="col">Time</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((recipient) => (
                    <tr key={recipient.id} data-status={recipient.status}>
                      <th scope="row">{recipient.email}</th>
                      <td>
                        <span className={statusBadge[recipient.status]}>{recipient.status}</span>
                      </td>
                      <td>{recipient.error ?? '—'}</td>
                      <td>{formatDateTime(recipient.sentAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager label="Send log pages" page={pages.page} hasPrevious={pages.hasPrevious} nextCursor={data.nextCursor} isFetching={recipients.isFetching} onPrevious={pages.previous} onNext={pages.next} />
          </>
        )}
      </QueryView>
    </section>
  );
};
