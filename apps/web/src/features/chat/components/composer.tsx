import { useId, useState, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import { MAX_CHAT_MESSAGE_LENGTH } from '@aiceo/shared/chat';
import { Button } from '@/components/ui/button';

type ComposerProps = {
  /** Resolves false when the message was not taken; the draft then comes back. */
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  isStreaming: boolean;
  isStopping: boolean;
  /** Stop needs the answer's id, which arrives with its first event. */
  canStop: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
};

/** Enter sends, Shift+Enter starts a new line; while an answer is written, Send becomes Stop. */
export const Composer = ({ onSend, onStop, isStreaming, isStopping, canStop, inputRef }: ComposerProps) => {
  const [draft, setDraft] = useState('');
  const id = useId();
  const trimmed = draft.trim();
  const isTooLong = draft.length > MAX_CHAT_MESSAGE_LENGTH;
  const canSend = !isStreaming && trimmed.length > 0 && !isTooLong;

  const submit = () => {
    if (!canSend) return;
    const content = draft;
    setDraft('');
    void onSend(trimmed).then((accepted) => {
      if (!accepted) setDraft((current) => current || content);
      inputRef.current?.focus();
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    submit();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // An IME composition uses Enter to pick its characters; that Enter is not "send".
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <form className="chat-composer" onSubmit={onSubmit} aria-label="New message">
      <label htmlFor={`${id}-message`} className="visually-hidden">
        Message
      </label>
      <textarea
        id={`${id}-message`}
        ref={inputRef}
        name="content"
        rows={3}
        value={draft}
        placeholder="Ask your AI CEO… (Enter sends, Shift+Enter for a new line)"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={isTooLong || undefined}
        aria-describedby={`${id}-count`}
      />
      <div className="chat-composer-bar">
        <span id={`${id}-count`} className={isTooLong ? 'error' : 'muted'}>
          {draft.length.toLocaleString('en-US')} / {MAX_CHAT_MESSAGE_LENGTH.toLocaleString('en-US')} characters
          {isTooLong ? ' (too long)' : ''}
        </span>
        {isStreaming ? (
          <Button
            variant="secondary"
            onClick={onStop}
            disabled={!canStop}
            isPending={isStopping}
            pendingLabel="Stopping…"
          >
            Stop
          </Button>
        ) : (
          <Button type="submit" disabled={!canSend}>
            Send
          </Button>
        )}
      </div>
    </form>
  );
};
