import {
  financeRuleInputSchema,
  type FinanceRule,
  type FinanceRuleCondition,
  type FinanceRuleInput,
} from '@aiceo/shared/finance';
import { minorDigits } from '@aiceo/shared/money';
import { parseAmount, toMajorText } from './amount';

// The rule editor works on strings (what the fields show) and turns them into the API's rule input.

export type ConditionField = FinanceRuleCondition['field'];
export type TextOp = 'contains' | 'equals' | 'matches';

export type ConditionDraft = {
  key: number;
  field: ConditionField;
  op: TextOp;
  text: string;
  min: string;
  max: string;
  accountId: string;
  direction: 'in' | 'out';
};

export type RuleDraft = {
  name: string;
  conditions: ConditionDraft[];
  categoryId: string;
  counterparty: string;
  tags: string;
  stopHere: boolean;
  enabled: boolean;
};

let nextKey = 1;

export const emptyCondition = (field: ConditionField = 'counterparty'): ConditionDraft => ({
  key: nextKey++,
  field,
  op: 'contains',
  text: '',
  min: '',
  max: '',
  accountId: '',
  direction: 'out',
});

export const emptyDraft = (): RuleDraft => ({
  name: '',
  conditions: [emptyCondition()],
  categoryId: '',
  counterparty: '',
  tags: '',
  stopHere: false,
  enabled: true,
});

/** "Counterparty contains Adobe, money out, category Software": a rule made from one transaction. */
export const draftFromSearch = (search: URLSearchParams): RuleDraft => {
  const counterparty = search.get('counterparty')?.trim() ?? '';
  const description = search.get('description')?.trim() ?? '';
  const direction = search.get('direction');
  const conditions: ConditionDraft[] = [];
  if (counterparty) conditions.push({ ...emptyCondition('counterparty'), text: counterparty });
  else if (description) conditions.push({ ...emptyCondition('description'), text: description });
  if (direction === 'in' || direction === 'out') conditions.push({ ...emptyCondition('direction'), direction });
  return {
    ...emptyDraft(),
    name: counterparty || description,
    conditions: conditions.length > 0 ? conditions : [emptyCondition()],
    categoryId: search.get('categoryId') ?? '',
  };
};

const conditionDraft = (condition: FinanceRuleCondition, currency: string): ConditionDraft => {
  const draft = emptyCondition(condition.field);
  const digits = minorDigits(currency);
  switch (condition.field) {
    case 'counterparty':
    case 'description':
      return { ...draft, op: condition.op, text: condition.value };
    case 'amount':
      return {
        ...draft,
        min: condition.value.min === undefined ? '' : toMajorText(condition.value.min, digits),
        max: condition.value.max === undefined ? '' : toMajorText(condition.value.max, digits),
      };
    case 'account':
      return { ...draft, accountId: condition.value };
    case 'direction':
      return { ...draft, direction: condition.value };
  }
};

export const draftFromRule = (rule: FinanceRule, currency: string): RuleDraft => ({
  name: rule.name,
  conditions: rule.conditions.map((condition) => conditionDraft(condition, currency)),
  categoryId: rule.actions.categoryId ?? '',
  counterparty: rule.actions.counterparty ?? '',
  tags: rule.actions.tags?.join(', ') ?? '',
  stopHere: rule.stopHere,
  enabled: rule.enabled,
});

/** An amount bound as minor units; NaN (refused by the schema) when it is not an amount. */
const bound = (text: string, currency: string): number | undefined => {
  if (text.trim() === '') return undefined;
  return parseAmount(text, currency)?.minor ?? Number.NaN;
};

const toCondition = (draft: ConditionDraft, currency: string): unknown => {
  switch (draft.field) {
    case 'counterparty':
    case 'description':
      return { field: draft.field, op: draft.op, value: draft.text };
    case 'amount':
      return {
        field: 'amount',
        op: 'between',
        value: { min: bound(draft.min, currency), max: bound(draft.max, currency) },
      };
    case 'account':
      return { field: 'account', op: 'is', value: draft.accountId };
    case 'direction':
      return { field: 'direction', op: 'is', value: draft.direction };
  }
};

export type DraftResult = { ok: true; input: FinanceRuleInput } | { ok: false; errors: Record<string, string> };

/** The draft as the API's rule input, or the problems by field (`name`, `conditions.0`, `actions`). */
export const toRuleInput = (draft: RuleDraft, currency: string): DraftResult => {
  const tags = draft.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
  const parsed = financeRuleInputSchema.safeParse({
    name: draft.name,
    conditions: draft.conditions.map((condition) => toCondition(condition, currency)),
    actions: {
      categoryId: draft.categoryId || undefined,
      counterparty: draft.counterparty.trim() || undefined,
      tags: tags.length > 0 ? tags : undefined,
    },
    stopHere: draft.stopHere,
    enabled: draft.enabled,
  });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const [first, second] = issue.path;
    const key = first === 'conditions' && typeof second === 'number' ? `conditions.${second}` : String(first ?? '');
    const condition = first === 'conditions' && typeof second === 'number' ? draft.conditions[second] : undefined;
    const message =
      condition?.field === 'account'
        ? 'Pick an account'
        : condition?.field === 'amount' && issue.code === 'invalid_type'
          ? 'Enter amounts such as 10 or 99.50'
          : issue.message;
    errors[key] ??= message;
  }
  return { ok: false, errors };
};
