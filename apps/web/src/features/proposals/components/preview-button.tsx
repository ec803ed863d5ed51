import { useId, useRef, useState } from 'react';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { getProposalPreview } from '../api/get-proposal-preview';

type PreviewButtonProps = {
  orgId: string;
  proposalId: string;
  /** Runs first (saves unsaved changes, so the preview shows them); false stops it. */
  beforePreview?: () => Promise<boolean>;
};

/**
 * Preview: the client's page as the client sees it (a draft too), fetched signed in and opened in
 * a new tab from a Blob URL; the client's link is not touched, so nothing counts as viewed. When the
 * browser blocks the tab, the page is shown in a dialog instead.
 */
export const PreviewButton = ({ orgId, proposalId, beforePreview }: PreviewButtonProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [html, setHtml] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isPending, setPending] = useState(false);

  const open = async () => {
    setError(null);
    // Opened within the click (after an await it would count as a popup); filled once the page arrives.
    const tab = window.open('', '_blank');
    if (tab) tab.opener = null;
    setPending(true);
    try {
      if (beforePreview && !(await beforePreview())) {
        tab?.close();
        return;
      }
      const blob = await getProposalPreview({ orgId, proposalId });
      if (tab && !tab.closed) {
        const url = URL.createObjectURL(new Blob([blob], { type: 'text/html' }));
        tab.location.href = url;
        // The tab has loaded it by then; a reload afterwards shows nothing, Preview again does.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else {
        setHtml(await blob.text());
        dialogRef.current?.showModal();
      }
    } catch (caught) {
      tab?.close();
      setError(caught);
    } finally {
      setPending(false);
    }
  };

  // The fallback dialog comes first: the button opens a tab, so it must not look like the dialog's opener.
  return (
    <>
      <dialog ref={dialogRef} aria-labelledby={titleId} className="proposal-dialog proposal-preview-dialog">
        <h2 id={titleId}>Preview</h2>
        {/* A sandbox: the page has no scripts, and its disabled forms post nowhere. */}
        <iframe className="proposal-preview-frame" title="What your client sees" sandbox="" srcDoc={html} />
        <div className="actions" style={{ marginTop: '1rem', justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
            Close
          </Button>
        </div>
      </dialog>
      <Button variant="secondary" isPending={isPending} pendingLabel="Opening…" onClick={() => void open()}>
        Preview
      </Button>
      {error ? <ActionError error={error} /> : null}
    </>
  );
};
