import { useId } from 'react';
import { leadPriorities, leadStages, type Lead } from '@aiceo/shared/leads';
import { SelectField, TextField } from '@/components/ui/field';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { parseMoneyInput, toMoneyInput } from '@/utils/money-input';
import { useStageLabels } from '@/hooks/use-stage-labels';
import { priorityLabels, splitTags } from '../format';
import type { OwnerOption } from './lead-filters';

const priorityOptions = leadPriorities.map((priority) => ({ value: priority, label: priorityLabels[priority] }));

/**
 * Raw form values to the lead input: the value in the org's currency to minor units, a tag list,
 * and empty optional fields left out on create or cleared (null) on update.
 */
export const toLeadInput = (
  values: Record<string, unknown>,
  { clearEmpty, currency }: { clearEmpty: boolean; currency: string },
) => ({
  ...values,
  email: values.email === '' ? (clearEmpty ? null : undefined) : values.email,
  ownerId: values.ownerId === '' ? (clearEmpty ? null : undefined) : values.ownerId,
  valueCents: parseMoneyInput(values.valueCents, currency) ?? (clearEmpty ? 0 : undefined),
  tags: splitTags(values.tags),
});

type LeadFieldsProps = {
  lead?: Lead;
  owners: readonly OwnerOption[];
  errors: Readonly<Record<string, string>>;
  isFull?: boolean;
  /** Owner chosen for a new lead (the signed-in user). */
  defaultOwnerId?: string;
};

/** The editable fields of a lead, shared by the "New lead" dialog and the detail page. */
export const LeadFields = ({ lead, owners, errors, isFull = false, defaultOwnerId }: LeadFieldsProps) => {
  const notesId = useId();
  // A lead's value is in the org's currency (the stored lead says which).
  const orgCurrency = useOrgCurrency();
  const currency = lead?.currency ?? orgCurrency;
  // The org's own stage names; the value sent stays the stage key.
  const stageLabels = useStageLabels();
  const stageOptions = leadStages.map((stage) => ({ value: stage, label: stageLabels[stage] }));
  // The owner stays selectable while the member list loads (or after they left the org).
  const ownerOptions =
    lead?.owner && !owners.some((owner) => owner.id === lead.owner?.id) ? [lead.owner, ...owners] : owners;
  return (
    <>
      <div className="form-row">
        <TextField label="Name" name="name" defaultValue={lead?.name} required autoComplete="off" error={errors.name} />
        <TextField
          label="Email"
          name="email"
          type="email"
          defaultValue={lead?.email ?? ''}
          autoComplete="off"
          error={errors.email}
        />
      </div>
      <div className="form-row">
        <TextField
          label="Company"
          name="company"
          defaultValue={lead?.company}
          autoComplete="off"
          error={errors.company}
        />
        <TextField label="Job title" name="title" defaultValue={lead?.title} autoComplete="off" error={errors.title} />
      </div>
      <div className="form-row">
        <SelectField
          label="Stage"
          name="stage"
          options={stageOptions}
          defaultValue={lead?.stage ?? 'new'}
          error={errors.stage}
        />
        <SelectField
          label="Priority"
          name="priority"
          options={priorityOptions}
          defaultValue={lead?.priority ?? 'medium'}
          error={errors.priority}
        />
      </div>
      <div className="form-row">
        <TextField
          label={`Value (${currency})`}
          name="valueCents"
          inputMode="decimal"
          defaultValue={lead ? toMoneyInput(lead.valueCents, currency) : ''}
          autoComplete="off"
          error={errors.valueCents}
        />
        <SelectField
          label="Owner"
          name="ownerId"
          options={[
            { value: '', label: 'Nobody' },
            ...ownerOptions.map((owner) => ({ value: owner.id, label: owner.name })),
          ]}
          defaultValue={lead ? (lead.owner?.id ?? '') : (defaultOwnerId ?? '')}
          error={errors.ownerId}
        />
      </div>
      <TextField
        label="Tags"
        name="tags"
        hint="Separated by commas."
        defaultValue={lead?.tags.join(', ')}
        autoComplete="off"
        error={errors.tags}
      />
      {isFull ? (
        <>
          <div className="form-row">
            <TextField
              label="Phone"
              name="phone"
              type="tel"
              defaultValue={lead?.phone}
              autoComplete="off"
              error={errors.phone}
            />
            <TextField
              label="Source"
              name="source"
              defaultValue={lead?.source}
              autoComplete="off"
              error={errors.source}
            />
          </div>
          <div className="field">
            <label htmlFor={notesId}>Notes</label>
            <textarea
              id={notesId}
              name="notes"
              rows={5}
              defaultValue={lead?.notes}
              aria-invalid={errors.notes ? true : undefined}
              aria-describedby={errors.notes ? `${notesId}-error` : undefined}
            />
            {errors.notes ? (
              <p className="error" id={`${notesId}-error`}>
                {errors.notes}
              </p>
            ) : null}
          </div>
        </>
      ) : null}
    </>
  );
};
