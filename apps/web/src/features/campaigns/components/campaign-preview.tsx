import type { Campaign } from '@aiceo/shared/campaigns';
import { QueryView } from '@/components/ui/states';
import { useCampaignPreview } from '../api/preview-campaign';

/** How many leads the saved campaign reaches now, and the mail as the first of them would get it. */
export const CampaignPreview = ({ orgId, campaign }: { orgId: string; campaign: Campaign }) => {
  const preview = useCampaignPreview(orgId, campaign.id, campaign.updatedAt);
  return (
    <section className="card" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <QueryView query={preview} loadingLabel="Rendering the preview…" errorTitle="Could not render the preview">
        {(data) => (
          <div className="stack">
            <p data-testid="audience-count" aria-live="polite">
              <strong>
                {data.audienceCount === 1 ? '1 lead' : `${data.audienceCount.toLocaleString('en-US')} leads`}
              </strong>{' '}
              will get this campaign
              {data.unsubscribedCount > 0 ? ` (${data.unsubscribedCount} unsubscribed and skipped)` : ''}.
            </p>
            {data.sample.length === 0 ? <p className="muted">No lead matches the audience yet.</p> : null}
            {data.sample.map((mail) => (
              <article key={mail.leadId} className="mail-sample" aria-label={`Mail to ${mail.email}`}>
                <p className="muted">To: {mail.email}</p>
                <p>
                  <strong>{mail.subject}</strong>
                </p>
                {/* The HTML part in a sandbox: no scripts, no navigation, no access to the app. */}
                <iframe
                  className="mail-html"
                  title={`HTML mail to ${mail.email}`}
                  sandbox=""
                  srcDoc={mail.html}
                  loading="lazy"
                />
                <details>
                  <summary>Plain-text part</summary>
                  <pre className="mail">{mail.body}</pre>
                </details>
              </article>
            ))}
          </div>
        )}
      </QueryView>
    </section>
  );
};
