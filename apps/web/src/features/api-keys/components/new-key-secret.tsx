import { useEffect, useRef, useState } from 'react';
import type { CreatedApiKey } from '@aiceo/shared/api-keys';
import { Button } from '@/components/ui/button';

/** The one time the secret is visible: copy it now, it is never shown again. */
export const NewKeySecret = ({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) => {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => headingRef.current?.focus(), []);

  const onCopy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey.key);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <section className="card" aria-labelledby="new-key-heading" style={{ borderColor: 'var(--success)' }}>
      <h2 id="new-key-heading" ref={headingRef} tabIndex={-1}>
        Your new key “{apiKey.name}”
      </h2>
      <p className="alert warning">
        <strong>Copy it now: you won’t see it again.</strong> We only keep a hash of it; if you lose it, revoke it and
        create another.
      </p>
      <div className="secret" style={{ marginTop: '0.75rem' }}>
        <code aria-label="API key" data-testid="new-api-key">
          {apiKey.key}
        </code>
        <Button variant="secondary" onClick={() => void onCopy()}>
          Copy
        </Button>
      </div>
      <p role="status" className="muted" style={{ marginTop: '0.5rem', minHeight: '1.5em' }}>
        {copy === 'copied'
          ? 'Copied to the clipboard.'
          : copy === 'failed'
            ? 'Could not copy; select the key and copy it by hand.'
            : ''}
      </p>
      <Button onClick={onDone}>Done</Button>
    </section>
  );
};
