import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_POST_BODY_LENGTH } from '@aiceo/shared/content';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { errorMessage } from '@/components/ui/states';
import { ApiError } from '@/lib/api-client';
import { formatDateTime } from '@/utils/format';
import { fromDateTimeInputs, toDateTimeInputs } from '../utils/calendar';
import { postStatusLabels, type CalendarPost } from './post-chip';

const MAX_POST_LENGTH = MAX_POST_BODY_LENGTH;
const DEFAULT_TIME = '09:00';

const postTones = [
  { value: 'professional', label: 'Professional' },
  { value: 'friendly', label: 'Friendly' },
  { value: 'bold', label: 'Bold' },
  { value: 'inspiring', label: 'Inspiring' },
] as const;

export type PostDraftInput = { title: string; body: string; scheduledFor: string | null };
type AiDraft = { title: string; body: string; provider: string };

type PostEditorProps = {
  /** The post being edited; null for a new one. */
  post: CalendarPost | null;
  /** Pre-filled day (`YYYY-MM-DD`) for a new post. */
  initialDay?: string;
  canPublish: boolean;
  onSave: (input: PostDraftInput) => Promise<unknown>;
  /** Resolves with the post as LinkedIn left it: `failed` keeps the editor open with the reason. */
  onPublish: (input: PostDraftInput) => Promise<CalendarPost>;
  onDelete: () => Promise<unknown>;
  onDraftWithAi: (input: { brief: string; tone: string }) => Promise<AiDraft>;
  onClose: () => void;
};

/** Create or change a post in a modal dialog: text, schedule, publish now, or let the AI write a first draft. */
export const PostEditor = ({
  post,
  initialDay,
  canPublish,
  onSave,
  onPublish,
  onDelete,
  onDraftWithAi,
  onClose,
}: PostEditorProps) => {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const initial = toDateTimeInputs(post?.scheduledFor ?? null);
  const [title, setTitle] = useState(post?.title ?? '');
  const [body, setBody] = useState(post?.body ?? '');
  const [date, setDate] = useState(initial.date || initialDay || '');
  const [time, setTime] = useState(initial.time || (initialDay ? DEFAULT_TIME : ''));
  const [brief, setBrief] = useState('');
  const [tone, setTone] = useState<string>(postTones[0].value);
  const [aiNote, setAiNote] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState<'save' | 'schedule' | 'publish' | 'ai' | null>(null);
  // After a publish attempt the editor shows the post as the API answered it.
  const [published, setPublished] = useState<CalendarPost | null>(null);
  const shown = published ?? post;
  const isPublished = shown?.status === 'published';
  // What the editor opened with: text that differs from it is unsaved, and is not thrown away unasked.
  const [opened] = useState(() => ({ title, body, date, time }));
  const dirty =
    !isPublished && (title !== opened.title || body !== opened.body || date !== opened.date || time !== opened.time);
  const [askDiscard, setAskDiscard] = useState(false);
  const discardRef = useRef<HTMLDivElement>(null);
  // Set once a save went through, so closing afterwards asks nothing.
  const settledRef = useRef(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // Leaving the page (reload, another site, closing the tab) with unsaved text: the browser asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    // Focus goes to "Keep editing", the safe choice.
    if (askDiscard) discardRef.current?.querySelector('button')?.focus();
  }, [askDiscard]);

  /** Closes, unless there is unsaved text: then asks whether to throw it away. */
  const requestClose = () => {
    if (dirty && !settledRef.current) setAskDiscard(true);
    else dialogRef.current?.close();
  };

  const fail = (error: unknown) => {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    setErrors({ ...fieldErrors });
    setFormError(Object.keys(fieldErrors).length > 0 ? (fieldErrors[''] ?? null) : errorMessage(error));
  };

  const inputFor = (mode: 'save' | 'schedule' | 'publish'): PostDraftInput | null => {
    const next: Record<string, string> = {};
    if (body.trim() === '') next['body'] = 'Write the post';
    if (body.length > MAX_POST_LENGTH)
      next['body'] = `LinkedIn allows at most ${MAX_POST_LENGTH.toLocaleString('en-US')} characters`;
    let scheduledFor: string | null = null;
    if (mode === 'schedule') {
      const when = fromDateTimeInputs(date, time);
      if (!when) next['scheduledFor'] = 'Pick a date and a time';
      else if (when.getTime() <= Date.now()) next['scheduledFor'] = 'Pick a time in the future';
      else scheduledFor = when.toISOString();
    }
    setErrors(next);
    setFormError(null);
    return Object.keys(next).length > 0 ? null : { title: title.trim(), body, scheduledFor };
  };

  const run = async (mode: 'save' | 'schedule' | 'publish') => {
    const input = inputFor(mode);
    if (!input) return;
    setPending(mode);
    try {
      if (mode === 'publish') {
        const result = await onPublish(input);
        setPublished(result);
        if (result.status === 'failed') return;
      } else {
        await onSave(input);
      }
      settledRef.current = true;
      dialogRef.current?.close();
    } catch (error) {
      fail(error);
    } finally {
      setPending(null);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run('schedule');
  };

  const draftWithAi = async () => {
    if (brief.trim().length < 3) {
      setErrors({ brief: 'Say what the post is about' });
      return;
    }
    setPending('ai');
    setAiNote(null);
    try {
      const draft = await onDraftWithAi({ brief: brief.trim(), tone });
      setTitle(draft.title);
      setBody(draft.body);
      setErrors({});
      setAiNote(
        draft.provider === 'offline'
          ? 'Drafted from an offline template (no AI provider is configured); edit it before publishing.'
          : `Drafted by ${draft.provider}; check it before publishing.`,
      );
    } catch (error) {
      fail(error);
    } finally {
      setPending(null);
    }
  };

  const describedBy = (name: string, extra?: string) =>
    [extra, errors[name] ? `${id}-${name}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string) =>
    errors[name] ? (
      <p className="error" id={`${id}-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const remaining = MAX_POST_LENGTH - body.length;

  return (
    <dialog
      ref={dialogRef}
      className="post-editor"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={(event) => {
        // Escape asks first too when there is unsaved text.
        if (dirty && !settledRef.current) {
          event.preventDefault();
          setAskDiscard(true);
        }
      }}
    >
      <form className="form" aria-labelledby={`${id}-title`} onSubmit={onSubmit} noValidate>
        <div className="post-editor-head">
          <h2 id={`${id}-title`}>{post ? 'Edit post' : 'New post'}</h2>
          {shown ? <span className={`badge status-${shown.status}`}>{postStatusLabels[shown.status]}</span> : null}
        </div>
        {shown?.status === 'failed' ? (
          <div className="alert error" role="alert">
            <p>
              <strong>Publishing failed:</strong> {shown.failureReason ?? 'unknown reason'}
            </p>
            {canPublish ? (
              <Button
                variant="secondary"
                size="small"
                onClick={() => void run('publish')}
                isPending={pending === 'publish'}
                pendingLabel="Publishing…"
              >
                Retry publishing
              </Button>
            ) : null}
          </div>
        ) : null}
        {isPublished && shown.publishedAt ? (
          <p className="muted">Published {formatDateTime(shown.publishedAt)}.</p>
        ) : null}

        {!isPublished ? (
          <details className="post-ai">
            <summary>Draft with AI</summary>
            <div className="field">
              <label htmlFor={`${id}-brief`}>Brief</label>
              <textarea
                id={`${id}-brief`}
                rows={2}
                value={brief}
                onChange={(e) => setBrief(e.target.value)}
                aria-invalid={errors['brief'] ? true : undefined}
                aria-describedby={describedBy('brief')}
              />
              {fieldError('brief')}
            </div>
            <div className="form-row">
              <div className="field">
                <label htmlFor={`${id}-tone`}>Tone</label>
                <select id={`${id}-tone`} value={tone} onChange={(e) => setTone(e.target.value)}>
                  {postTones.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
              <Button
                variant="secondary"
                onClick={() => void draftWithAi()}
                isPending={pending === 'ai'}
                pendingLabel="Drafting…"
              >
                Write draft
              </Button>
            </div>
          </details>
        ) : null}
        {aiNote ? (
          <p className="alert warning" role="status">
            {aiNote}
          </p>
        ) : null}

        <div className="field">
          <label htmlFor={`${id}-post-title`}>Title</label>
          <p className="hint" id={`${id}-post-title-hint`}>
            For your calendar; LinkedIn shows only the text.
          </p>
          <input
            id={`${id}-post-title`}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            readOnly={isPublished}
            aria-describedby={describedBy('title', `${id}-post-title-hint`)}
            aria-invalid={errors['title'] ? true : undefined}
          />
          {fieldError('title')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-body`}>Text</label>
          <textarea
            id={`${id}-body`}
            rows={8}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            readOnly={isPublished}
            aria-invalid={errors['body'] ? true : undefined}
            aria-describedby={describedBy('body', `${id}-count`)}
          />
          <p className={`hint${remaining < 0 ? ' over' : ''}`} id={`${id}-count`} aria-live="polite">
            {body.length.toLocaleString('en-US')} / {MAX_POST_LENGTH.toLocaleString('en-US')} characters
          </p>
          {fieldError('body')}
        </div>
        {!isPublished ? (
          <fieldset
            className="field"
            aria-describedby={errors['scheduledFor'] ? `${id}-scheduledFor-error` : undefined}
          >
            <legend>Publish on</legend>
            <div className="form-row">
              <div className="field">
                <label htmlFor={`${id}-date`}>Date</label>
                <input
                  id={`${id}-date`}
                  type="date"
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                  aria-invalid={errors['scheduledFor'] ? true : undefined}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-time`}>Time</label>
                <input
                  id={`${id}-time`}
                  type="time"
                  value={time}
                  onChange={(e) => setTime(e.target.value)}
                  aria-invalid={errors['scheduledFor'] ? true : undefined}
                />
              </div>
            </div>
            {fieldError('scheduledFor')}
          </fieldset>
        ) : null}
        {formError ? (
          <p className="alert error" role="alert">
            {formError}
          </p>
        ) : null}
        <div className="actions post-editor-actions">
          {!isPublished ? (
            <>
              <Button type="submit" isPending={pending === 'schedule'}>
                Schedule
              </Button>
              <Button variant="secondary" onClick={() => void run('save')} isPending={pending === 'save'}>
                Save as draft
              </Button>
              {canPublish && shown?.status !== 'failed' ? (
                <Button
                  variant="secondary"
                  onClick={() => void run('publish')}
                  isPending={pending === 'publish'}
                  pendingLabel="Publishing…"
                >
                  Publish now
                </Button>
              ) : null}
            </>
          ) : null}
          <span className="spacer" />
          {post && !isPublished ? (
            <ConfirmButton
              title="Delete this post?"
              description="It is removed from the calendar. A post already on LinkedIn stays there."
              confirmLabel="Delete post"
              pendingLabel="Deleting…"
              onConfirm={onDelete}
            >
              Delete
            </ConfirmButton>
          ) : null}
          <Button variant="ghost" onClick={requestClose}>
            Close
          </Button>
        </div>
        {askDiscard ? (
          <div className="alert warning" role="alert" data-testid="discard-changes" ref={discardRef}>
            <p>This post has changes that are not saved. Close and lose them?</p>
            <div className="actions">
              <Button variant="secondary" onClick={() => setAskDiscard(false)}>
                Keep editing
              </Button>
              <Button
                variant="danger"
                onClick={() => {
                  settledRef.current = true;
                  dialogRef.current?.close();
                }}
              >
                Discard changes
              </Button>
            </div>
          </div>
        ) : null}
      </form>
    </dialog>
  );
};
