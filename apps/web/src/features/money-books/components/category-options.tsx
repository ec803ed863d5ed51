import type { FinanceCategory, FinanceCategoryKind } from '@aiceo/shared/finance';

const groups: { kind: FinanceCategoryKind; label: string }[] = [
  { kind: 'income', label: 'Income' },
  { kind: 'expense', label: 'Expenses' },
  { kind: 'transfer', label: 'Transfers' },
];

/** The chart as `<option>`s grouped by kind, for every category picker of the money pages. */
export const CategoryOptions = ({ categories }: { categories: readonly FinanceCategory[] }) => (
  <>
    {groups.map((group) => {
      const items = categories.filter((category) => category.kind === group.kind);
      return items.length === 0 ? null : (
        <optgroup key={group.kind} label={group.label}>
          {items.map((category) => (
            <option key={category.id} value={category.id}>
              {category.name}
            </option>
          ))}
        </optgroup>
      );
    })}
  </>
);
