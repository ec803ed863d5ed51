import type { Campaign } from '@aiceo/shared/campaigns';

const n = (count: number) => count.toLocaleString('en-US');

/**
 * A sent or sending campaign's recipients by status. While it is `sending` the campaign query
 * refetches every 2 seconds (useCampaign), so the bar and the counts move as the batches go out;
 * once `sent` they are the final counts.
 */
export const SendingProgress = ({ campaign }: { campaign: Campaign }) => {
  const { pending, sent, failed, skipped } = campaign.counts;
  const total = pending + sent + failed + skipped;
  const done = total - pending;
  const isSending = campaign.status === 'sending';
  const counts = `${n(sent)} sent, ${n(failed)} failed, ${n(skipped)} skipped${pending ? `, ${n(pending)} pending` : ''}`;
  return (
    <section className="stack" aria-label="Sending progress">
      {isSending ? (
        <div
          role="progressbar"
          className="usage-meter ok"
          aria-label="Campaign sending progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={`${n(done)} of ${n(total)} recipients done`}
        >
          <span className="usage-meter-fill" style={{ width: `${total > 0 ? (done / total) * 100 : 0}%` }} />
        </div>
      ) : null}
      <p className="muted" data-testid="campaign-counts" aria-live="polite">
        {isSending
          ? `Sending: ${n(done)} of ${n(total)} recipients done (${counts}). This updates every few seconds.`
          : `${counts}.`}
      </p>
    </section>
  );
};
