import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  pricingModelLabels,
  pricingModels,
  pricingUnitLabels,
  serviceTemplateInputSchema,
  type PricingModel,
  type ServiceTemplate,
  type ServiceTemplateDraft,
  type ServiceTemplateInput,
} from '@aiceo/shared/proposals';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useFocusFirstError } from '@/components/ui/form';
import { SelectField, TextField } from '@/components/ui/field';
import { useToast } from '@/components/ui/toast';
import { ApiError, validationError } from '@/lib/api-client';
import { parseMoneyInput, toMoneyInput } from '@/utils/money-input';
import { useCreateServiceTemplate } from '../api/create-service-template';
import { useDraftServiceTemplate } from '../api/draft-service-template';
import { useUpdateServiceTemplate } from '../api/update-service-template';
import { DeliverablesEditor, deliverableKey, type DeliverableDraft } from './deliverables-editor';
import './service-templates.css';

/** The form as typed: numbers stay text until saved, so a half-typed price is not lost. */
type FormValues = {
  name: string;
  description: string;
  pricingModel: PricingModel;
  price: string;
  defaultQuantity: string;
  durationDays: string;
  deliverables: DeliverableDraft[];
};

type TemplateFields = Omit<ServiceTemplate, 'id' | 'currency' | 'usedInProposals' | 'createdAt' | 'updatedAt'>;

const toValues = (template: TemplateFields, currency: string): FormValues => ({
  name: template.name,
  description: template.description,
  pricingModel: template.pricingModel,
  price: toMoneyInput(template.priceMinor, currency),
  defaultQuantity: String(template.defaultQuantity),
  durationDays: String(template.durationDays),
  deliverables: template.deliverables.map((d) => ({
    key: deliverableKey(),
    title: d.title,
    description: d.description,
    dueAfterDays: String(d.dueAfterDays),
  })),
});

const EMPTY: FormValues = {
  name: '',
  description: '',
  pricingModel: 'fixed',
  price: '',
  defaultQuantity: '1',
  durationDays: '30',
  deliverables: [],
};

const numberOrUndefined = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** The typed values as the API's input; the price in major units goes to exact minor units. */
const toInput = (values: FormValues, currency: string) => ({
  name: values.name,
  description: values.description,
  pricingModel: values.pricingModel,
  priceMinor: parseMoneyInput(values.price, currency),
  defaultQuantity: numberOrUndefined(values.defaultQuantity),
  durationDays: numberOrUndefined(values.durationDays),
  deliverables: values.deliverables.map((d) => ({
    title: d.title,
    description: d.description,
    dueAfterDays: d.dueAfterDays.trim() === '' ? Number.NaN : Number(d.dueAfterDays),
  })),
});

/** The price's own words: "no amount" and "not an amount" are different mistakes. */
const priceError = (values: FormValues, currency: string): string | null => {
  const minor = parseMoneyInput(values.price, currency);
  if (minor === undefined) return 'Enter a price';
  if (Number.isNaN(minor)) return `Enter an amount in ${currency}, such as ${toMoneyInput(125_050, currency)}`;
  return null;
};

const DraftNotice = ({ source }: { source: ServiceTemplateDraft['source'] }) => (
  <p className={source === 'offline' ? 'alert warning' : 'alert success'} role="status" data-testid="draft-source">
    {source === 'offline'
      ? 'The offline writer filled this in from your sentence (no AI provider answered): set the price and check the deliverables. Nothing is saved until you press Save.'
      : 'The AI drafted this template from your sentence: check the price and the deliverables. Nothing is saved until you press Save.'}
  </p>
);

type TemplateEditorProps = {
  orgId: string;
  currency: string;
  /** The template to edit; none for a new one. */
  template?: ServiceTemplate;
  onClose: () => void;
};

/** "New template" or "Edit": a modal form, opened when mounted, with "Draft with AI" above the fields. */
export const TemplateEditor = ({ orgId, currency, template, onClose }: TemplateEditorProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  const toast = useToast();
  const create = useCreateServiceTemplate(orgId);
  const update = useUpdateServiceTemplate(orgId);
  const draft = useDraftServiceTemplate(orgId);
  const [values, setValues] = useState<FormValues>(() => (template ? toValues(template, currency) : EMPTY));
  const [brief, setBrief] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstError(formRef, attempt);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const showErrors = (error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
      // The API's priceMinor is the form's price.
      const fields = Object.fromEntries(
        Object.entries(error.fieldErrors).map(([path, message]) => [path === 'priceMinor' ? 'price' : path, message]),
      );
      const { '': general, ...onFields } = fields;
      setErrors(onFields);
      setFormError(general ? new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: general }) : null);
    } else {
      setErrors({});
      setFormError(error);
    }
    setAttempt((n) => n + 1);
  };

  const onDraft = () =>
    draft.mutate(brief.trim(), {
      onSuccess: (result) => {
        setValues(toValues(result.draft, currency));
        setErrors({});
        setFormError(null);
      },
    });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const badPrice = priceError(values, currency);
    const parsed = serviceTemplateInputSchema.safeParse(toInput(values, currency));
    if (badPrice || !parsed.success) {
      const fieldErrors = parsed.success ? {} : validationError(parsed.error).fieldErrors;
      showErrors(
        new ApiError({
          status: 400,
          code: 'VALIDATION_FAILED',
          message: 'Check the fields marked',
          details: {
            issues: [
              ...(badPrice ? [{ location: 'body', path: 'priceMinor', message: badPrice }] : []),
              ...Object.entries(fieldErrors)
                .filter(([path]) => !(badPrice && path === 'priceMinor'))
                .map(([path, message]) => ({ location: 'body', path, message })),
            ],
          },
        }),
      );
      return;
    }
    const body: ServiceTemplateInput = parsed.data;
    try {
      const saved = template
        ? await update.mutateAsync({ templateId: template.id, body })
        : await create.mutateAsync(body);
      toast(template ? `Template ${saved.name} saved` : `Template ${saved.name} created`);
      dialogRef.current?.close();
    } catch (error) {
      showErrors(error);
    }
  };

  const isSaving = create.isPending || update.isPending;
  const unit = pricingUnitLabels[values.pricingModel];
  const title = template ? `Edit ${template.name}` : 'New service template';
  return (
    <dialog ref={dialogRef} aria-labelledby={`${id}-title`} className="template-dialog" onClose={onClose}>
      <h2 id={`${id}-title`}>{title}</h2>
      <section className="template-draft" aria-labelledby={`${id}-draft`}>
        <h3 id={`${id}-draft`}>Draft with AI</h3>
        <div className="field">
          <label htmlFor={`${id}-brief`}>Describe the service in one sentence</label>
          <textarea
            id={`${id}-brief`}
            rows={2}
            maxLength={1_000}
            value={brief}
            placeholder="e.g. A 3-week website redesign for local restaurants"
            onChange={(event) => setBrief(event.target.value)}
          />
        </div>
        {draft.error ? <ActionError error={draft.error} inDialog /> : null}
        <Button
          variant="secondary"
          size="small"
          disabled={brief.trim() === ''}
          isPending={draft.isPending}
          pendingLabel="Drafting…"
          onClick={onDraft}
        >
          Draft with AI
        </Button>
        <p className="hint">It fills in the form below (counts one AI message); you edit it before saving.</p>
      </section>
      {draft.data ? <DraftNotice source={draft.data.source} /> : null}
      <form
        ref={formRef}
        className="form"
        onSubmit={(event) => void onSubmit(event)}
        noValidate
        aria-label={template ? 'Edit service template' : 'New service template'}
      >
        {formError ? <ActionError error={formError} inDialog /> : null}
        <TextField
          label="Name"
          name="name"
          value={values.name}
          maxLength={120}
          error={errors['name']}
          onChange={(event) => set('name', event.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            name="description"
            rows={3}
            maxLength={5_000}
            value={values.description}
            aria-invalid={errors['description'] ? true : undefined}
            onChange={(event) => set('description', event.target.value)}
          />
          {errors['description'] ? <p className="error">{errors['description']}</p> : null}
        </div>
        <div className="form-row">
          <SelectField
            label="Pricing"
            name="pricingModel"
            value={values.pricingModel}
            options={pricingModels.map((model) => ({ value: model, label: pricingModelLabels[model] }))}
            error={errors['pricingModel']}
            onChange={(event) => set('pricingModel', event.target.value as PricingModel)}
          />
          <TextField
            label={`Price per ${unit.one} (${currency})`}
            name="price"
            inputMode="decimal"
            autoComplete="off"
            value={values.price}
            error={errors['price']}
            onChange={(event) => set('price', event.target.value)}
          />
        </div>
        <div className="form-row">
          <TextField
            label={`Default quantity (${unit.many})`}
            name="defaultQuantity"
            type="number"
            inputMode="decimal"
            min={0.01}
            step={0.01}
            value={values.defaultQuantity}
            error={errors['defaultQuantity']}
            onChange={(event) => set('defaultQuantity', event.target.value)}
          />
          <TextField
            label="Typical duration (days)"
            name="durationDays"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={values.durationDays}
            error={errors['durationDays']}
            onChange={(event) => set('durationDays', event.target.value)}
          />
        </div>
        <DeliverablesEditor
          deliverables={values.deliverables}
          errors={errors}
          onChange={(next) => set('deliverables', next)}
        />
        <div className="actions dialog-actions">
          <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" isPending={isSaving} pendingLabel="Saving…">
            {template ? 'Save changes' : 'Save template'}
          </Button>
        </div>
      </form>
    </dialog>
  );
};
