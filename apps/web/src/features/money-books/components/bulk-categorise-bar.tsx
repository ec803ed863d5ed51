import { useId, useState } from 'react';
import { MAX_BULK_IDS, type FinanceCategory } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useBulkCategorise } from '../api/bulk-categorise';
import { plural } from '../format';
import { CategoryOptions } from './category-options';

type BulkCategoriseBarProps = {
  orgId: string;
  ids: readonly string[];
  categories: readonly FinanceCategory[];
  onDone: () => void;
};

const NONE = 'none';

/** Shown while rows are selected: one category for all of them. */
export const BulkCategoriseBar = ({ orgId, ids, categories, onDone }: BulkCategoriseBarProps) => {
  const id = useId();
  const [categoryId, setCategoryId] = useState('');
  const bulk = useBulkCategorise(orgId);
  const toast = useToast();
  const isTooMany = ids.length > MAX_BULK_IDS;
  return (
    <section className="bulk-bar" aria-label="Selected transactions">
      <strong aria-live="polite">{plural(ids.length, 'selected', 'selected')}</strong>
      <label className="visually-hidden" htmlFor={`${id}-category`}>
        Category for the selected transactions
      </label>
      <select id={`${id}-category`} value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
        <option value="">Pick a category</option>
        <option value={NONE}>Uncategorised</option>
        <CategoryOptions categories={categories} />
      </select>
      <Button
        size="small"
        disabled={!categoryId || isTooMany}
        isPending={bulk.isPending}
        pendingLabel="Categorising…"
        onClick={() =>
          bulk.mutate(
            { ids: [...ids], categoryId: categoryId === NONE ? null : categoryId },
            {
              onSuccess: ({ updated }) => {
                toast(`${plural(updated, 'transaction')} categorised`);
                setCategoryId('');
                onDone();
              },
              onError: (error) => toast(errorMessage(error), 'error'),
            },
          )
        }
      >
        Categorise
      </Button>
      <Button variant="ghost" size="small" onClick={onDone} disabled={bulk.isPending}>
        Clear selection
      </Button>
      {isTooMany ? <span className="muted">At most {MAX_BULK_IDS} at once.</span> : null}
    </section>
  );
};
