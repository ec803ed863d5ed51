import type { FinanceRule, FinanceRuleCondition } from '@aiceo/shared/finance';
import { formatMoney } from '@aiceo/shared/money';

type Names = { categories: ReadonlyMap<string, string>; accounts: ReadonlyMap<string, string> };

const conditionText = (condition: FinanceRuleCondition, currency: string, names: Names): string => {
  switch (condition.field) {
    case 'counterparty':
    case 'description':
      return `${condition.field} ${condition.op} “${condition.value}”`;
    case 'amount': {
      const { min, max } = condition.value;
      if (min !== undefined && max !== undefined)
        return `amount between ${formatMoney(min, currency)} and ${formatMoney(max, currency)}`;
      return min !== undefined
        ? `amount at least ${formatMoney(min, currency)}`
        : `amount at most ${formatMoney(max ?? 0, currency)}`;
    }
    case 'account':
      return `account is ${names.accounts.get(condition.value) ?? 'a removed account'}`;
    case 'direction':
      return condition.value === 'in' ? 'money in' : 'money out';
  }
};

/** "When counterparty contains “Adobe” and money out" */
export const whenText = (rule: Pick<FinanceRule, 'conditions'>, currency: string, names: Names): string =>
  `When ${rule.conditions.map((condition) => conditionText(condition, currency, names)).join(' and ')}`;

/** "set category Software, rename to “Adobe”, tag software" */
export const thenText = (rule: Pick<FinanceRule, 'actions' | 'stopHere'>, names: Names): string => {
  const parts = [
    rule.actions.categoryId
      ? `set category ${names.categories.get(rule.actions.categoryId) ?? '(a removed category)'}`
      : '',
    rule.actions.counterparty ? `rename counterparty to “${rule.actions.counterparty}”` : '',
    rule.actions.tags?.length ? `tag ${rule.actions.tags.join(', ')}` : '',
    rule.stopHere ? 'stop here' : '',
  ].filter(Boolean);
  return `then ${parts.join(', ')}`;
};
