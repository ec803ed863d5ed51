import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import {
  createFinanceTransactionInputSchema,
  updateFinanceTransactionInputSchema,
  type FinanceAccount,
  type FinanceCategory,
  type FinanceTransaction,
} from '@aiceo/shared/finance';
import { minorDigits } from '@aiceo/shared/money';
import { paths } from '@/config/paths';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { FormError, useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { useCreateTransaction } from '../api/create-transaction';
import { useUpdateTransaction } from '../api/update-transaction';
import { parseAmount, toMajorText } from '../amount';
import { todayIn } from '../period';
import { CategoryOptions } from './category-options';

/** A client project a transaction can be tagged to (the route passes the org's projects). */
export type ProjectOption = { id: string; name: string };

type TransactionDialogProps = {
  /** Shown under the form (outside it), e.g. the lead an income row came from. */
  children?: ReactNode;
  /** The org's projects for the "Project" select; without them the select is not shown. */
  projects?: readonly ProjectOption[] | undefined;
  orgId: string;
  currency: string;
  timeZone: string;
  accounts: readonly FinanceAccount[];
  categories: readonly FinanceCategory[];
  /** The transaction to edit; undefined to add one. */
  transaction?: FinanceTransaction;
  onClose: () => void;
};

// The amount field is checked here first so its message speaks of what was typed, not of minor units.
// (The z.any() step lets the loose first check hand its object on unchanged.)
const amountFirst = z.looseObject({ amountMinor: z.number({ error: 'Enter an amount, such as 12.50' }) }).pipe(z.any());
const createSchema = amountFirst.pipe(createFinanceTransactionInputSchema);
const updateSchema = amountFirst.pipe(updateFinanceTransactionInputSchema);

const toInput = (values: Record<string, unknown>, currency: string) => {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '');
  const amount = parseAmount(text('amountMinor'), currency);
  const isOut = amount?.isNegative || values['direction'] === 'out';
  return {
    date: text('date'),
    amountMinor: amount ? (isOut ? -amount.minor : amount.minor) : undefined,
    accountId: text('accountId'),
    counterparty: text('counterparty'),
    description: text('description'),
    categoryId: text('categoryId') || null,
    tags: text('tags')
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    notes: text('notes'),
    // Without the select (no projects passed, or a transfer) the tag is left as it is.
    projectId: 'projectId' in values ? text('projectId') || null : undefined,
  };
};

const dayText = ({ year, month, day }: { year: number; month: number; day: number }) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Add a transaction by hand, or change one: a modal form that closes on success. */
export const TransactionDialog = ({
  orgId,
  currency,
  timeZone,
  accounts,
  categories,
  transaction,
  onClose,
  children,
  projects,
}: TransactionDialogProps) => {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const id = useId();
  const create = useCreateTransaction(orgId);
  const update = useUpdateTransaction(orgId);
  const toast = useToast();
  const isTransfer = Boolean(transaction?.transferId);
  const openAccounts = accounts.filter((account) => !account.archived || account.id === transaction?.account.id);
  const taggedTo = transaction?.projectId ?? null;
  // A tag to a project beyond the loaded list still shows (and stays) rather than reading "No project".
  const projectOptions =
    taggedTo && projects && !projects.some((project) => project.id === taggedTo)
      ? [...projects, { id: taggedTo, name: 'The current project' }]
      : projects;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const form = useZodForm({
    schema: transaction ? updateSchema : createSchema,
    toInput: (values) => toInput(values, currency),
    onSubmit: async (input) => {
      if (transaction) {
        const { categoryId, ...rest } = input;
        // A transfer leg keeps its transfer category; the API refuses any other.
        await update.mutateAsync({ transactionId: transaction.id, input: isTransfer ? rest : { ...rest, categoryId } });
        toast('Transaction saved');
      } else {
        await create.mutateAsync(createFinanceTransactionInputSchema.parse(input));
        toast('Transaction added');
      }
      dialogRef.current?.close();
    },
  });

  const digits = minorDigits(currency);
  const title = transaction ? 'Edit transaction' : 'Add a transaction';
  return (
    <dialog ref={dialogRef} aria-labelledby={titleId} className="books-dialog" onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      <form className="form" onSubmit={form.handleSubmit} noValidate aria-label={title}>
        <FormError>{form.formError}</FormError>
        <div className="form-row">
          <TextField
            label="Date"
            name="date"
            type="date"
            required
            defaultValue={transaction?.date ?? dayText(todayIn(timeZone))}
            error={form.errors['date']}
          />
          <fieldset className="field">
            <legend>Direction</legend>
            <div className="direction-toggle">
              <label>
                <input
                  type="radio"
                  name="direction"
                  value="in"
                  defaultChecked={transaction ? transaction.amountMinor > 0 : false}
                />
                Money in
              </label>
              <label>
                <input
                  type="radio"
                  name="direction"
                  value="out"
                  defaultChecked={transaction ? transaction.amountMinor < 0 : true}
                />
                Money out
              </label>
            </div>
          </fieldset>
        </div>
        <TextField
          label={`Amount (${currency})`}
          name="amountMinor"
          inputMode="decimal"
          autoComplete="off"
          required
          hint="In whole units, e.g. 1250.50; a minus sign also means money out."
          defaultValue={transaction ? toMajorText(transaction.amountMinor, digits) : ''}
          error={form.errors['amountMinor']}
        />
        <div className="field">
          <label htmlFor={`${id}-account`}>Account</label>
          {openAccounts.length === 0 ? (
            <p className="hint">
              No account yet: <Link to={paths.orgs.money.accounts.getHref(orgId)}>add one</Link> first.
            </p>
          ) : null}
          <select
            id={`${id}-account`}
            name="accountId"
            defaultValue={transaction?.account.id ?? openAccounts[0]?.id ?? ''}
            aria-invalid={form.errors['accountId'] ? true : undefined}
          >
            {openAccounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
          {form.errors['accountId'] ? <p className="error">{form.errors['accountId']}</p> : null}
        </div>
        <TextField
          label="Counterparty"
          name="counterparty"
          autoComplete="off"
          defaultValue={transaction?.counterparty ?? ''}
          error={form.errors['counterparty']}
        />
        <TextField
          label="Description"
          name="description"
          autoComplete="off"
          defaultValue={transaction?.description ?? ''}
          error={form.errors['description']}
        />
        {isTransfer ? (
          <p className="muted">A transfer between your own accounts: neither income nor expense.</p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-category`}>Category</label>
            <select id={`${id}-category`} name="categoryId" defaultValue={transaction?.category?.id ?? ''}>
              <option value="">Uncategorised</option>
              <CategoryOptions categories={categories} />
            </select>
          </div>
        )}
        {projectOptions && projectOptions.length > 0 && !isTransfer ? (
          <div className="field">
            <label htmlFor={`${id}-project`}>Project</label>
            <select
              id={`${id}-project`}
              name="projectId"
              defaultValue={taggedTo ?? ''}
              aria-describedby={`${id}-project-hint`}
              aria-invalid={form.errors['projectId'] ? true : undefined}
            >
              <option value="">No project</option>
              {projectOptions.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-project-hint`}>
              Counts toward the project’s budget vs actual.
            </p>
            {form.errors['projectId'] ? <p className="error">{form.errors['projectId']}</p> : null}
          </div>
        ) : null}
        <TextField
          label="Tags"
          name="tags"
          autoComplete="off"
          hint="Separated by commas."
          defaultValue={transaction?.tags.join(', ') ?? ''}
          error={form.errors['tags']}
        />
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea id={`${id}-notes`} name="notes" rows={3} defaultValue={transaction?.notes ?? ''} />
        </div>
        <div className="actions" style={{ justifyContent: 'flex-end' }}>
          <Button variant="secondary" onClick={() => dialogRef.current?.close()}>
            Cancel
          </Button>
          <Button type="submit" isPending={create.isPending || update.isPending}>
            {transaction ? 'Save' : 'Add transaction'}
          </Button>
        </div>
      </form>
      {children}
    </dialog>
  );
};
