import { aiProviderLabels } from '@aiceo/shared/ai';
import type { ChatMessage } from '@aiceo/shared/chat';
import { Button } from '@/components/ui/button';
import { MarkdownText } from '@/components/ui/markdown';

export const OFFLINE_NOTE = 'Offline mode: a template over your data, not a model';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

type ChatMessageViewProps = {
  message: ChatMessage;
  /** Offered on the last answer when it failed or was stopped. */
  onRetry?: () => void;
  isRetryDisabled?: boolean;
};

const AnswerMeta = ({ message }: { message: ChatMessage }) => (
  <p className="chat-meta">
    {message.provider === 'offline' ? (
      <span className="badge" title={OFFLINE_NOTE}>
        {OFFLINE_NOTE}
      </span>
    ) : message.provider ? (
      <span className="muted">
        {aiProviderLabels[message.provider]}
        {message.model ? ` · ${message.model}` : ''}
      </span>
    ) : null}
    {message.status === 'streaming' ? (
      <span className="muted chat-writing">
        <span className="spinner" aria-hidden="true" /> Writing…
      </span>
    ) : null}
    {message.status === 'stopped' ? <span className="badge">Stopped</span> : null}
    {message.status === 'failed' ? <span className="badge bad">Failed</span> : null}
  </p>
);

export const ChatMessageView = ({ message, onRetry, isRetryDisabled }: ChatMessageViewProps) => {
  const isUser = message.role === 'user';
  return (
    <article
      className={`chat-message ${isUser ? 'from-user' : 'from-assistant'}`}
      aria-label={isUser ? 'You' : 'AI CEO'}
      data-status={message.status}
    >
      <p className="visually-hidden">
        {isUser ? 'You' : 'AI CEO'} at {time.format(new Date(message.createdAt))}:
      </p>
      {isUser ? (
        <p className="chat-text">{message.content}</p>
      ) : message.content ? (
        <MarkdownText text={message.content} />
      ) : null}
      {isUser ? null : <AnswerMeta message={message} />}
      {message.status === 'failed' && message.error ? <p className="alert error">{message.error}</p> : null}
      {onRetry ? (
        <Button variant="secondary" size="small" onClick={onRetry} disabled={isRetryDisabled}>
          Retry
        </Button>
      ) : null}
    </article>
  );
};
