import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { WIDGET_REPLY_MAX } from '@aiceo/shared/widget-inbox';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';

type ReplyBoxProps = {
  /** Resolves when the reply is stored; a failure brings the draft back. */
  onSend: (text: string) => Promise<unknown>;
  isSending: boolean;
  /** The AI has the conversation: a reply takes it over. */
  takesOver: boolean;
};

/** Enter sends, Shift+Enter starts a new line. */
export const ReplyBox = ({ onSend, isSending, takesOver }: ReplyBoxProps) => {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const isTooLong = draft.length > WIDGET_REPLY_MAX;
  const canSend = !isSending && draft.trim().length > 0 && !isTooLong;

  const submit = () => {
    if (!canSend) return;
    const text = draft.trim();
    setDraft('');
    setFailure(null);
    onSend(text).catch((error: unknown) => {
      setDraft((current) => current || text);
      setFailure(errorMessage(error));
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
    <form className="inbox-reply" onSubmit={onSubmit} aria-label="Reply to the visitor">
      {failure ? (
        <p className="alert error" role="alert">
          {failure}
        </p>
      ) : null}
      <label htmlFor={`${id}-reply`} className="visually-hidden">
        Reply
      </label>
      <textarea
        id={`${id}-reply`}
        name="text"
        rows={3}
        value={draft}
        placeholder="Write to the visitor… (Enter sends, Shift+Enter for a new line)"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={onKeyDown}
        aria-invalid={isTooLong || undefined}
        aria-describedby={`${id}-hint`}
      />
      <div className="inbox-reply-bar">
        <span id={`${id}-hint`} className={isTooLong ? 'error' : 'muted'}>
          {takesOver ? 'Replying takes the conversation over: the AI pauses. ' : ''}
          {draft.length.toLocaleString('en-US')} / {WIDGET_REPLY_MAX.toLocaleString('en-US')}
          {isTooLong ? ' (too long)' : ''}
        </span>
        <Button type="submit" disabled={!canSend} isPending={isSending} pendingLabel="Sending…">
          Send
        </Button>
      </div>
    </form>
  );
};
