import { useId, useRef } from 'react';
import { z } from 'zod';
import type { Lead } from '@aiceo/shared/leads';
import { projectPriorities, projectPriorityLabels, type Project } from '@aiceo/shared/projects';
import { SelectField, TextField } from '@/components/ui/field';
import { parseMoneyInput, toMoneyInput, withMoneyField } from '@/utils/money-input';
import { LeadPicker } from './lead-picker';

const text = (values: Record<string, unknown>, name: string) =>
  typeof values[name] === 'string' ? (values[name] as string).trim() : '';

/** The form's values as the API's project input; the budget is typed in major units of the org's currency. */
export const toProjectInput = (values: Record<string, unknown>, currency: string) => ({
  ...values,
  leadId: text(values, 'leadId') || null,
  startDate: text(values, 'startDate') || null,
  dueDate: text(values, 'dueDate') || null,
  budgetMinor: parseMoneyInput(values['budgetMinor'], currency) ?? 0,
});

/** The API's schema, with a plain message for an amount that is not one and for a due date before the start. */
export const projectFormSchema = <S extends z.ZodType>(schema: S, currency: string) =>
  withMoneyField(
    z
      .unknown()
      .superRefine((values, ctx) => {
        const { startDate, dueDate } = (values ?? {}) as { startDate?: unknown; dueDate?: unknown };
        if (typeof startDate === 'string' && typeof dueDate === 'string' && dueDate < startDate)
          ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'The due date is before the start date' });
      })
      .pipe(schema),
    { field: 'budgetMinor', currency },
  );

type ProjectFieldsProps = {
  orgId: string;
  currency: string;
  errors: Readonly<Record<string, string>>;
  /** Editing: the fields start from it. Absent for a new project. */
  project?: Project;
};

/** Name, client, lead, dates and budget: the same fields for a new project and for editing one. */
export const ProjectFields = ({ orgId, currency, errors, project }: ProjectFieldsProps) => {
  const id = useId();
  const anchorRef = useRef<HTMLSpanElement>(null);
  // Picking a lead fills in the client when it is still blank (the lead's company, else its name).
  const fillClient = (lead: Lead) => {
    const form = anchorRef.current?.closest('form');
    const set = (name: string, value: string) => {
      const input = form?.elements.namedItem(name);
      if (input instanceof HTMLInputElement && input.value.trim() === '') input.value = value;
    };
    set('clientName', lead.company || lead.name);
    set('clientEmail', lead.email ?? '');
  };
  const initialLead = project?.leadId ? { id: project.leadId, name: project.leadName ?? 'Linked lead' } : null;
  return (
    <>
      <TextField
        label="Project name"
        name="name"
        required
        maxLength={200}
        autoComplete="off"
        defaultValue={project?.name ?? ''}
        error={errors['name']}
      />
      {project ? (
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            name="description"
            rows={4}
            maxLength={10_000}
            defaultValue={project.description}
            aria-invalid={errors['description'] ? true : undefined}
          />
          {errors['description'] ? <p className="error">{errors['description']}</p> : null}
        </div>
      ) : null}
      <div className="form-row">
        <TextField
          label="Client"
          name="clientName"
          maxLength={200}
          autoComplete="off"
          defaultValue={project?.clientName ?? ''}
          error={errors['clientName']}
        />
        <TextField
          label="Client email"
          name="clientEmail"
          type="email"
          maxLength={254}
          autoComplete="off"
          defaultValue={project?.clientEmail ?? ''}
          error={errors['clientEmail']}
        />
      </div>
      <span ref={anchorRef} hidden />
      <LeadPicker orgId={orgId} initial={initialLead} error={errors['leadId']} onPick={fillClient} />
      {project ? null : (
        <SelectField
          label="Priority"
          name="priority"
          defaultValue="medium"
          options={projectPriorities.map((priority) => ({ value: priority, label: projectPriorityLabels[priority] }))}
          error={errors['priority']}
        />
      )}
      <div className="form-row">
        <TextField
          label="Start"
          name="startDate"
          type="date"
          defaultValue={project?.startDate ?? ''}
          error={errors['startDate']}
        />
        <TextField
          label="Due"
          name="dueDate"
          type="date"
          defaultValue={project?.dueDate ?? ''}
          error={errors['dueDate']}
        />
      </div>
      <TextField
        label={`Budget (${currency})`}
        name="budgetMinor"
        inputMode="decimal"
        autoComplete="off"
        hint="What the client pays for it, in whole units, e.g. 5000; spending tagged to the project is measured against it."
        defaultValue={project && project.budgetMinor > 0 ? toMoneyInput(project.budgetMinor, currency) : ''}
        error={errors['budgetMinor']}
      />
    </>
  );
};
