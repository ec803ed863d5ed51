import { useId, useRef } from 'react';
import { editApprovalInputSchema, type ApprovalItem } from '@aiceo/shared/approvals';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { ApiError } from '@/lib/api-client';
import type { ContentEdit } from '../api/decide-approval';

type Intent = 'approve' | 'save';

type ApprovalEditorProps = {
  item: ApprovalItem;
  /** The request under way, if any. */
  pending: Intent | null;
  onSubmit: (intent: Intent, content: ContentEdit) => Promise<unknown>;
  onCancel: () => void;
};

const contentSchema = editApprovalInputSchema.shape.content;

const templateUnchanged = new ApiError({
  status: 400,
  code: 'VALIDATION_FAILED',
  message: 'Change the template before approving it',
  details: {
    issues: [
      { location: 'body', path: 'body', message: 'Written offline from a template: change it before approving' },
    ],
  },
});

/** The subject and the message of a waiting item, edited before it is approved (or saved for later). */
export const ApprovalEditor = ({ item, pending, onSubmit, onCancel }: ApprovalEditorProps) => {
  const id = useId();
  const intent = useRef<Intent>('approve');
  const hasSubject = item.content.subject !== null;
  const form = useZodForm({
    schema: contentSchema,
    toInput: (values) => ({ subject: hasSubject ? values['subject'] : null, body: values['body'] }),
    onSubmit: (content) => {
      // A template written offline is approved only once someone has changed it.
      const isUnchanged =
        content.body === item.content.body.trim() &&
        (content.subject ?? null) === (item.content.subject?.trim() ?? null);
      if (intent.current === 'approve' && item.needsEdit && !item.edited && isUnchanged) {
        return Promise.reject(templateUnchanged);
      }
      return onSubmit(intent.current, content);
    },
  });
  const bodyError = form.errors['body'];
  return (
    <form className="form approval-editor" onSubmit={form.handleSubmit} noValidate aria-label={`Edit ${item.title}`}>
      <FormError>{form.formError}</FormError>
      {hasSubject ? (
        <TextField
          label="Subject"
          name="subject"
          defaultValue={item.content.subject ?? ''}
          maxLength={200}
          autoComplete="off"
          error={form.errors['subject']}
        />
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-body`}>Message</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={10}
          maxLength={20_000}
          defaultValue={item.content.body}
          aria-invalid={bodyError ? true : undefined}
          aria-describedby={bodyError ? `${id}-body-error` : undefined}
        />
        {bodyError ? (
          <p className="error" id={`${id}-body-error`}>
            {bodyError}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <Button
          type="submit"
          size="small"
          isPending={pending === 'approve'}
          pendingLabel="Approving…"
          disabled={pending !== null}
          onClick={() => (intent.current = 'approve')}
        >
          Approve with these changes
        </Button>
        <Button
          type="submit"
          variant="secondary"
          size="small"
          isPending={pending === 'save'}
          pendingLabel="Saving…"
          disabled={pending !== null}
          onClick={() => (intent.current = 'save')}
        >
          Save without approving
        </Button>
        <Button variant="ghost" size="small" onClick={onCancel} disabled={pending !== null}>
          Cancel
        </Button>
      </div>
    </form>
  );
};
