import { counterpartyKey } from '@aiceo/shared/finance';
import { applyRules, type LoadedRule, type RuleRow } from './rules.service';
import { minorToDecimal } from './transactions.service';

const row = (overrides: Partial<RuleRow> = {}): RuleRow => ({
  counterparty: 'UBER *TRIP 4411',
  description: '',
  amountMinor: -1_800,
  accountId: 'acc-1',
  ...overrides,
});

const rule = (
  id: string,
  actions: LoadedRule['actions'],
  options: { stopHere?: boolean; when?: (r: RuleRow) => boolean } = {},
) => ({ id, actions, stopHere: options.stopHere ?? false, matches: options.when ?? (() => true) }) satisfies LoadedRule;

describe('applyRules', () => {
  it('when no rule matches, then it answers null', () => {
    expect(applyRules([rule('r1', { categoryId: 'c1' }, { when: () => false })], row())).toBeNull();
  });

  it('when several rules match, then the first sets each field, tags add up, and stop-here ends the walk', () => {
    const rules = [
      rule('r1', { tags: ['a'] }),
      rule('r2', { categoryId: 'c2', counterparty: 'Uber' }),
      rule('r3', { categoryId: 'c3', counterparty: 'Other', tags: ['b', 'a'] }, { stopHere: true }),
      rule('r4', { tags: ['never'] }),
    ];
    expect(applyRules(rules, row())).toEqual({
      categoryId: 'c2',
      counterparty: 'Uber',
      tags: ['a', 'b'],
      ruleId: 'r2',
    });
  });

  it('when only rules without a category match, then the rule id is the first that matched', () => {
    expect(applyRules([rule('r1', { tags: ['x'] }), rule('r2', { counterparty: 'Y' })], row())).toEqual({
      categoryId: null,
      counterparty: 'Y',
      tags: ['x'],
      ruleId: 'r1',
    });
  });
});

describe('counterpartyKey', () => {
  it.each([
    ['UBER *TRIP 4411-22', 'uber trip'],
    ['Uber Trip 0912', 'uber trip'],
    ['  Café   Müller GmbH. ', 'cafe muller gmbh'],
    ['12345', ''],
  ])('when the counterparty is %j, then its key is %j', (input, key) => {
    expect(counterpartyKey(input)).toBe(key);
  });
});

describe('minorToDecimal', () => {
  it.each([
    [-1_250, 'USD', '-12.50'],
    [5, 'EUR', '0.05'],
    [0, 'USD', '0.00'],
    [-1_500, 'JPY', '-1500'],
    [1_234_567, 'KWD', '1234.567'],
  ])('when %d minor units of %s are written, then they read %s', (amount, currency, text) => {
    expect(minorToDecimal(amount, currency)).toBe(text);
  });
});
