import { useId, useState } from 'react';
import type { FinanceAccount, FinanceCategory, FinanceRule, FinanceRulePreview } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useApplyRule } from '../api/apply-rule';
import { usePreviewRule } from '../api/preview-rule';
import { useSaveRule } from '../api/save-rule';
import { plural } from '../format';
import {
  emptyCondition,
  toRuleInput,
  type ConditionDraft,
  type ConditionField,
  type RuleDraft,
  type TextOp,
} from '../rule-draft';
import { CategoryOptions } from './category-options';
import { RulePreview } from './rule-preview';

const fieldLabels: Record<ConditionField, string> = {
  counterparty: 'Counterparty',
  description: 'Description',
  amount: 'Amount',
  account: 'Account',
  direction: 'In or out',
};

const opLabels: Record<TextOp, string> = { contains: 'contains', equals: 'equals', matches: 'matches (regex)' };

type ConditionRowProps = {
  index: number;
  condition: ConditionDraft;
  currency: string;
  accounts: readonly FinanceAccount[];
  error?: string;
  canRemove: boolean;
  onChange: (condition: ConditionDraft) => void;
  onRemove: () => void;
};

const ConditionRow = ({
  index,
  condition,
  currency,
  accounts,
  error,
  canRemove,
  onChange,
  onRemove,
}: ConditionRowProps) => {
  const id = useId();
  const n = index + 1;
  const isText = condition.field === 'counterparty' || condition.field === 'description';
  return (
    <li className="stack">
      <div className="condition-row">
        <div className="field">
          <label htmlFor={`${id}-field`}>Condition {n}</label>
          <select
            id={`${id}-field`}
            value={condition.field}
            onChange={(event) => onChange({ ...condition, field: event.target.value as ConditionField })}
          >
            {Object.entries(fieldLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {isText ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-op`}>Test {n}</label>
              <select
                id={`${id}-op`}
                value={condition.op}
                onChange={(event) => onChange({ ...condition, op: event.target.value as TextOp })}
              >
                {Object.entries(opLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field condition-value">
              <label htmlFor={`${id}-text`}>Text {n}</label>
              <input
                id={`${id}-text`}
                value={condition.text}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange({ ...condition, text: event.target.value })}
              />
            </div>
          </>
        ) : null}
        {condition.field === 'amount' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-min`}>At least ({currency})</label>
              <input
                id={`${id}-min`}
                inputMode="decimal"
                value={condition.min}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange({ ...condition, min: event.target.value })}
              />
            </div>
            <div className="field condition-value">
              <label htmlFor={`${id}-max`}>At most ({currency})</label>
              <input
                id={`${id}-max`}
                inputMode="decimal"
                value={condition.max}
                aria-invalid={error ? true : undefined}
                onChange={(event) => onChange({ ...condition, max: event.target.value })}
              />
            </div>
          </>
        ) : null}
        {condition.field === 'account' ? (
          <div className="field condition-value" style={{ gridColumn: 'span 2' }}>
            <label htmlFor={`${id}-account`}>Account {n}</label>
            <select
              id={`${id}-account`}
              value={condition.accountId}
              aria-invalid={error ? true : undefined}
              onChange={(event) => onChange({ ...condition, accountId: event.target.value })}
            >
              <option value="">Pick an account</option>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {condition.field === 'direction' ? (
          <div className="field condition-value" style={{ gridColumn: 'span 2' }}>
            <label htmlFor={`${id}-direction`}>Direction {n}</label>
            <select
              id={`${id}-direction`}
              value={condition.direction}
              onChange={(event) => onChange({ ...condition, direction: event.target.value === 'in' ? 'in' : 'out' })}
            >
              <option value="out">Money out</option>
              <option value="in">Money in</option>
            </select>
          </div>
        ) : null}
        <div>
          <Button
            variant="ghost"
            size="small"
            onClick={onRemove}
            disabled={!canRemove}
            aria-label={`Remove condition ${n}`}
          >
            Remove
          </Button>
        </div>
      </div>
      {error ? (
        <p className="error" style={{ color: 'var(--danger)', margin: 0 }}>
          {error}
        </p>
      ) : null}
    </li>
  );
};

type RuleEditorProps = {
  orgId: string;
  currency: string;
  accounts: readonly FinanceAccount[];
  categories: readonly FinanceCategory[];
  initial: RuleDraft;
  /** The rule being changed; a new rule when undefined. */
  rule?: FinanceRule;
  onDone: () => void;
};

/** Conditions and actions of a rule, its effect on past transactions before saving, then save (and apply). */
export const RuleEditor = ({ orgId, currency, accounts, categories, initial, rule, onDone }: RuleEditorProps) => {
  const id = useId();
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [preview, setPreview] = useState<FinanceRulePreview | null>(null);
  const previewRule = usePreviewRule(orgId);
  const save = useSaveRule(orgId);
  const apply = useApplyRule(orgId);
  const toast = useToast();

  // Any change makes the last preview stale.
  const change = (next: Partial<RuleDraft>) => {
    setDraft((current) => ({ ...current, ...next }));
    setPreview(null);
  };
  const setCondition = (index: number, condition: ConditionDraft) =>
    change({ conditions: draft.conditions.map((c, i) => (i === index ? condition : c)) });

  const validInput = () => {
    const result = toRuleInput(draft, currency);
    if (!result.ok) {
      setErrors(result.errors);
      setFormError('Check the highlighted fields');
      return null;
    }
    setErrors({});
    setFormError(null);
    return result.input;
  };

  const onPreview = () => {
    const input = validInput();
    if (!input) return;
    previewRule.mutate(input, { onSuccess: setPreview, onError: (error) => setFormError(errorMessage(error)) });
  };

  const onSave = async (andApply: boolean) => {
    const input = validInput();
    if (!input) return;
    try {
      const saved = await save.mutateAsync({ ruleId: rule?.id, input });
      if (andApply) {
        const { changed } = await apply.mutateAsync(saved.id);
        toast(`Rule “${saved.name}” saved and applied: ${plural(changed, 'transaction')} changed`);
      } else {
        toast(`Rule “${saved.name}” saved`);
      }
      onDone();
    } catch (error) {
      setFormError(errorMessage(error));
    }
  };

  const isSaving = save.isPending || apply.isPending;
  const title = rule ? `Edit rule “${rule.name}”` : 'New rule';
  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form
        className="form"
        style={{ maxWidth: 'none' }}
        aria-label={title}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSave(false);
        }}
      >
        <FormError>{formError}</FormError>
        <div className="field" style={{ maxWidth: '28rem' }}>
          <label htmlFor={`${id}-name`}>Rule name</label>
          <input
            id={`${id}-name`}
            value={draft.name}
            aria-invalid={errors['name'] ? true : undefined}
            onChange={(event) => change({ name: event.target.value })}
          />
          {errors['name'] ? <p className="error">{errors['name']}</p> : null}
        </div>
        <fieldset className="field">
          <legend>When all of these hold</legend>
          <ul className="condition-list stack">
            {draft.conditions.map((condition, index) => (
              <ConditionRow
                key={condition.key}
                index={index}
                condition={condition}
                currency={currency}
                accounts={accounts}
                error={errors[`conditions.${index}`]}
                canRemove={draft.conditions.length > 1}
                onChange={(next) => setCondition(index, next)}
                onRemove={() => change({ conditions: draft.conditions.filter((_, i) => i !== index) })}
              />
            ))}
          </ul>
          {errors['conditions'] ? <p className="error">{errors['conditions']}</p> : null}
          <div>
            <Button
              variant="ghost"
              size="small"
              disabled={draft.conditions.length >= 10}
              onClick={() => change({ conditions: [...draft.conditions, emptyCondition()] })}
            >
              Add a condition
            </Button>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend>Then</legend>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${id}-category`}>Set category</label>
              <select
                id={`${id}-category`}
                value={draft.categoryId}
                onChange={(event) => change({ categoryId: event.target.value })}
              >
                <option value="">Leave as it is</option>
                <CategoryOptions categories={categories} />
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-counterparty`}>Rename counterparty to</label>
              <input
                id={`${id}-counterparty`}
                value={draft.counterparty}
                placeholder="Leave as it is"
                onChange={(event) => change({ counterparty: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-tags`}>Add tags</label>
              <input
                id={`${id}-tags`}
                value={draft.tags}
                placeholder="Separated by commas"
                onChange={(event) => change({ tags: event.target.value })}
              />
            </div>
          </div>
          {errors['actions'] ? <p className="error">{errors['actions']}</p> : null}
        </fieldset>
        <div className="checks">
          <label className="check">
            <input
              type="checkbox"
              checked={draft.stopHere}
              onChange={(event) => change({ stopHere: event.target.checked })}
            />
            Stop here (later rules are not tried on a match)
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(event) => change({ enabled: event.target.checked })}
            />
            Enabled
          </label>
        </div>
        {preview ? <RulePreview preview={preview} /> : null}
        <div className="actions">
          <Button variant="secondary" onClick={onPreview} isPending={previewRule.isPending} pendingLabel="Checking…">
            Preview effect
          </Button>
          <Button type="submit" isPending={save.isPending && !apply.isPending} disabled={isSaving}>
            Save rule
          </Button>
          <Button
            variant="secondary"
            className="wraps"
            onClick={() => void onSave(true)}
            isPending={apply.isPending}
            pendingLabel="Applying…"
            disabled={isSaving}
          >
            {preview && preview.wouldChange > 0
              ? `Save and apply to ${plural(preview.wouldChange, 'transaction')}`
              : 'Save and apply to past transactions'}
          </Button>
          <Button variant="ghost" onClick={onDone} disabled={isSaving}>
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
};
