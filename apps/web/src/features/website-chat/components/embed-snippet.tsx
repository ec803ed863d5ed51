import { useState } from 'react';
import { Link } from 'react-router';
import type { WidgetSettings } from '@aiceo/shared/widget-inbox';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useToast } from '@/components/ui/toast';
import { formatDateTime } from '@/utils/format';
import { useRotateWidgetKey } from '../api/rotate-widget-key';

type EmbedSnippetProps = { orgId: string; settings: WidgetSettings; canEdit: boolean };

/** The one line to paste into the site, its Copy button, and replacing the key behind it. */
export const EmbedSnippet = ({ orgId, settings, canEdit }: EmbedSnippetProps) => {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const rotate = useRotateWidgetKey(orgId);
  const toast = useToast();

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(settings.embedSnippet);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <div className="stack">
      <p>
        Paste this line into your site’s HTML, just before <code>&lt;/body&gt;</code>, on every page where the chat
        should appear.
      </p>
      {settings.enabled ? null : (
        <p className="alert warning">The chat is switched off: the snippet shows nothing until you switch it on.</p>
      )}
      {settings.enabled && settings.domains.length === 0 ? (
        <p className="alert warning">No domains yet: add your site’s domain above, or the chat refuses to run on it.</p>
      ) : null}
      <div className="secret">
        <code aria-label="Embed snippet" data-testid="embed-snippet">
          {settings.embedSnippet}
        </code>
        <Button variant="secondary" onClick={() => void onCopy()}>
          Copy
        </Button>
      </div>
      <p role="status" className="muted" style={{ minHeight: '1.5em' }}>
        {copy === 'copied'
          ? 'Copied to the clipboard.'
          : copy === 'failed'
            ? 'Could not copy; select the line and copy it by hand.'
            : ''}
      </p>
      <p className="muted" data-testid="key-rotated">
        {settings.keyRotatedAt
          ? `Key last replaced ${formatDateTime(settings.keyRotatedAt)}.`
          : 'This is the chat’s first key; it has never been replaced.'}
      </p>
      {canEdit ? (
        <div className="actions">
          <ConfirmButton
            title="Replace the chat’s key?"
            description={
              <>
                <p>
                  <strong>The old snippet stops working at once:</strong> every page that has it shows no chat until you
                  paste the new line.
                </p>
                <p>Do this when the key is used on a site that is not yours.</p>
              </>
            }
            confirmLabel="Replace the key"
            pendingLabel="Replacing…"
            onConfirm={async () => {
              await rotate.mutateAsync();
              setCopy('idle');
              toast('New key made: paste the new snippet into your site');
            }}
          >
            Rotate key
          </ConfirmButton>
        </div>
      ) : null}
      <p className="muted">
        The chat uses your organisation’s colour and logo; set them in{' '}
        <Link to={paths.orgs.settings.email.getHref(orgId)}>Settings → Email</Link>.
      </p>
    </div>
  );
};
