import { useId, useRef, useState } from 'react';
import { milestoneInputSchema, milestoneUpdateSchema, type Milestone } from '@aiceo/shared/projects';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useAddMilestones } from '../api/add-milestones';
import { useUpdateMilestone } from '../api/update-milestone';
import './projects.css';

const toMilestoneInput = (values: Record<string, unknown>) => {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return {
    title: text('title'),
    description: text('description'),
    // One deliverable a line; blank lines are spacing, not deliverables.
    deliverables: text('deliverables')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    dueDate: text('dueDate') || null,
  };
};

type MilestoneFormProps = {
  orgId: string;
  projectId: string;
  /** The milestone to edit; absent to add one at the end. */
  milestone?: Milestone;
  onDone: () => void;
};

const MilestoneForm = ({ orgId, projectId, milestone, onDone }: MilestoneFormProps) => {
  const id = useId();
  const add = useAddMilestones(orgId, projectId);
  const update = useUpdateMilestone(orgId, projectId);
  const toast = useToast();
  const form = useZodForm({
    schema: milestone ? milestoneUpdateSchema : milestoneInputSchema,
    toInput: toMilestoneInput,
    onSubmit: async (input) => {
      if (milestone) {
        await update.mutateAsync({ milestoneId: milestone.id, body: input });
        toast('Milestone saved');
      } else {
        await add.mutateAsync([milestoneInputSchema.parse(input)]);
        toast('Milestone added');
      }
      onDone();
    },
  });
  const fieldError = (name: string) =>
    form.errors[name] ? (
      <p className="error" id={`${id}-${name}-error`}>
        {form.errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) =>
    form.errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {};
  return (
    <form
      className="form"
      onSubmit={form.handleSubmit}
      noValidate
      aria-label={milestone ? 'Edit milestone' : 'Add a milestone'}
    >
      <FormError>{form.formError}</FormError>
      <TextField
        label="Title"
        name="title"
        required
        maxLength={200}
        autoComplete="off"
        defaultValue={milestone?.title ?? ''}
        error={form.errors['title']}
      />
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          name="description"
          rows={3}
          maxLength={5_000}
          defaultValue={milestone?.description ?? ''}
          {...invalid('description')}
        />
        {fieldError('description')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-deliverables`}>Deliverables</label>
        <p className="hint" id={`${id}-deliverables-hint`}>
          One a line, e.g. “Homepage design”. The client sees them on the progress page.
        </p>
        <textarea
          id={`${id}-deliverables`}
          name="deliverables"
          rows={4}
          defaultValue={milestone?.deliverables.join('\n') ?? ''}
          aria-describedby={`${id}-deliverables-hint${form.errors['deliverables'] ? ` ${id}-deliverables-error` : ''}`}
          aria-invalid={form.errors['deliverables'] ? true : undefined}
        />
        {fieldError('deliverables')}
      </div>
      <TextField
        label="Due"
        name="dueDate"
        type="date"
        defaultValue={milestone?.dueDate ?? ''}
        error={form.errors['dueDate']}
      />
      <div className="actions dialog-actions">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" isPending={add.isPending || update.isPending}>
          {milestone ? 'Save milestone' : 'Add milestone'}
        </Button>
      </div>
    </form>
  );
};

type MilestoneDialogProps = Omit<MilestoneFormProps, 'onDone'> & {
  /** The accessible name of the opener when its text ("Edit") is ambiguous in a list. */
  openerLabel?: string;
  openerText: string;
  variant?: 'primary' | 'secondary' | 'ghost';
};

/** A button that opens the milestone form in a modal; the form starts afresh each time. */
export const MilestoneDialog = ({ openerLabel, openerText, variant = 'secondary', ...form }: MilestoneDialogProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [isOpen, setOpen] = useState(false);
  const title = form.milestone ? 'Edit milestone' : 'Add a milestone';
  return (
    <>
      <Button
        variant={variant}
        size="small"
        aria-label={openerLabel}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen(true);
          dialogRef.current?.showModal();
        }}
      >
        {openerText}
      </Button>
      <dialog ref={dialogRef} aria-labelledby={titleId} className="project-dialog" onClose={() => setOpen(false)}>
        <h2 id={titleId}>{title}</h2>
        {isOpen ? <MilestoneForm {...form} onDone={() => dialogRef.current?.close()} /> : null}
      </dialog>
    </>
  );
};
