import { useState } from 'react';
import type { TelegramLinkToken } from '@aiceo/shared/telegram';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { timeLeftText } from './use-seconds-left';

type TelegramConnectProps = {
  /** The link on screen, or null before the first one. */
  link: TelegramLinkToken | null;
  secondsLeft: number | null;
  isCreating: boolean;
  createError: unknown;
  onCreate: () => void;
};

/** "Connect Telegram", then the one-time link with its countdown until the chat opens it. */
export const TelegramConnect = ({ link, secondsLeft, isCreating, createError, onCreate }: TelegramConnectProps) => {
  const [copy, setCopy] = useState<{ url: string; outcome: 'copied' | 'failed' } | null>(null);

  const onCopy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopy({ url, outcome: 'copied' });
    } catch {
      setCopy({ url, outcome: 'failed' });
    }
  };

  if (!link) {
    return (
      <div className="stack">
        <p>
          You get a one-time link that opens the bot in Telegram. Press <strong>Start</strong> there and the chat is
          linked to you in this organisation.
        </p>
        {createError ? <ActionError error={createError} /> : null}
        <div className="actions">
          <Button onClick={onCreate} isPending={isCreating} pendingLabel="Making a link…">
            Connect Telegram
          </Button>
        </div>
      </div>
    );
  }

  if (secondsLeft === 0) {
    return (
      <div className="stack">
        <p className="alert warning" role="status">
          This link expired. Links work for ten minutes and only once; make a new one.
        </p>
        {createError ? <ActionError error={createError} /> : null}
        <div className="actions">
          <Button onClick={onCreate} isPending={isCreating} pendingLabel="Making a link…">
            Make a new link
          </Button>
        </div>
      </div>
    );
  }

  const copied = copy?.url === link.url ? copy.outcome : null;
  return (
    <div className="stack" data-testid="telegram-pending-link">
      <p>
        Open this link on the phone or computer where you use Telegram and press <strong>Start</strong>. This page shows
        the linked chat by itself.
      </p>
      <div className="secret">
        <code aria-label="Link to the bot">{link.url}</code>
      </div>
      <div className="actions">
        <a className="button" href={link.url} target="_blank" rel="noopener noreferrer">
          Open in Telegram
        </a>
        <Button variant="secondary" onClick={() => void onCopy(link.url)}>
          Copy link
        </Button>
        <Button variant="ghost" onClick={onCreate} isPending={isCreating} pendingLabel="Making a link…">
          Make a new link
        </Button>
        <span role="status" className="muted">
          {copied === 'copied'
            ? 'Copied to the clipboard.'
            : copied === 'failed'
              ? 'Could not copy; select the link and copy it by hand.'
              : ''}
        </span>
      </div>
      {createError ? <ActionError error={createError} /> : null}
      <p className="telegram-waiting">
        <span className="spinner" aria-hidden="true" />
        <span>Waiting for Telegram… This link works for {timeLeftText(secondsLeft ?? 0)}.</span>
      </p>
      {link.localChatUrl ? (
        <div className="alert warning telegram-dev">
          <p>
            <strong>Development:</strong> this server has no real Telegram bot. A local stand-in plays the Telegram app
            instead.
          </p>
          <p>
            <a href={link.localChatUrl} target="_blank" rel="noopener noreferrer">
              Open the local Telegram stand-in
            </a>
          </p>
        </div>
      ) : null}
    </div>
  );
};
