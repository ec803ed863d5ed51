import { useId, useState } from 'react';
import type { TelegramSentMessage } from '@aiceo/shared/telegram';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { ErrorState, Loading } from '@/components/ui/states';
import { useTelegramMessages } from '../api/list-telegram-messages';

const CLIP_CHARS = 240;
const CLIP_LINES = 4;

const kindLabels: Record<string, string> = {
  reply: 'Reply',
  answer: 'Answer',
  report: 'Report',
  notification: 'Notification',
  approval: 'Approval',
  link: 'Linking',
  refusal: 'Refusal',
};
const kindLabel = (kind: string) => kindLabels[kind] ?? kind;

// The tags and entities of Telegram's HTML parse mode: the log shows what the chat read, not the markup.
const TELEGRAM_TAG =
  /<\/?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|blockquote|tg-spoiler|tg-emoji|span)(?:\s[^>]*)?>/gi;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const readable = (text: string): string =>
  text
    .replace(TELEGRAM_TAG, '')
    .replace(/&(lt|gt|amp|quot);|&#(\d{1,6});/g, (match, name: string | undefined, code: string | undefined) =>
      name ? (ENTITIES[name] ?? match) : String.fromCodePoint(Number(code)),
    );

/** The start of a long message (a few lines, a few hundred characters); null when it is short enough to show whole. */
const clipped = (text: string): string | null => {
  const lines = text.split('\n');
  const head = lines.slice(0, CLIP_LINES).join('\n');
  if (lines.length <= CLIP_LINES && text.length <= CLIP_CHARS) return null;
  return `${head.slice(0, CLIP_CHARS).trimEnd()}…`;
};

const MessageItem = ({ message }: { message: TelegramSentMessage }) => {
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const text = readable(message.text);
  const short = clipped(text);
  const failed = message.status === 'failed';
  return (
    <li className="telegram-log-item" data-status={message.status}>
      <div className="telegram-log-meta">
        <span className={`badge ${failed ? 'bad' : 'good'}`}>{failed ? 'Failed' : 'Sent'}</span>
        <span>{kindLabel(message.kind)}</span>
        {message.method === 'editMessageText' ? <span className="muted">(edited)</span> : null}
        <RelativeTime iso={message.createdAt} past className="muted" />
      </div>
      <p className="telegram-log-text" id={`${id}-text`}>
        {short && !expanded ? short : text}
      </p>
      {failed ? (
        <p className="error telegram-log-error">Telegram did not take it{message.error ? `: ${message.error}` : '.'}</p>
      ) : null}
      {short ? (
        <Button
          variant="ghost"
          size="small"
          aria-expanded={expanded}
          aria-controls={`${id}-text`}
          onClick={() => setExpanded((open) => !open)}
        >
          {expanded ? 'Show less' : 'Show the whole message'}
        </Button>
      ) : null}
    </li>
  );
};

/** Every message the bot sent to this org's chats, newest first, for support (owners and admins). */
export const TelegramMessageLog = ({ orgId }: { orgId: string }) => {
  const messages = useTelegramMessages(orgId);
  if (messages.isPending) return <Loading label="Loading the bot’s messages…" />;
  if (messages.isError)
    return (
      <ErrorState
        error={messages.error}
        title="Could not load the bot’s messages"
        onRetry={() => void messages.refetch()}
      />
    );
  const items = messages.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <p className="muted">The bot has not sent anything yet.</p>;
  return (
    <>
      <ol className="telegram-log" aria-label="Messages the bot sent, newest first">
        {items.map((message) => (
          <MessageItem key={message.id} message={message} />
        ))}
      </ol>
      {messages.hasNextPage ? (
        <div>
          <Button
            variant="secondary"
            onClick={() => void messages.fetchNextPage()}
            isPending={messages.isFetchingNextPage}
            pendingLabel="Loading…"
          >
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
};
