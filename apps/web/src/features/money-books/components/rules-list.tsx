import type { FinanceRule } from '@aiceo/shared/finance';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useApplyRule } from '../api/apply-rule';
import { useDeleteRule } from '../api/delete-rule';
import { useReorderRules } from '../api/reorder-rules';
import { plural } from '../format';
import { thenText, whenText } from '../rule-text';

type RulesListProps = {
  orgId: string;
  currency: string;
  rules: readonly FinanceRule[];
  categoryNames: ReadonlyMap<string, string>;
  accountNames: ReadonlyMap<string, string>;
  onEdit: (rule: FinanceRule) => void;
};

const moved = (ids: string[], from: number, to: number) => {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  if (id) next.splice(to, 0, id);
  return next;
};

/** The rules in the order they are tried, each with move, edit, apply and delete. */
export const RulesList = ({ orgId, currency, rules, categoryNames, accountNames, onEdit }: RulesListProps) => {
  const reorder = useReorderRules(orgId);
  const apply = useApplyRule(orgId);
  const remove = useDeleteRule(orgId);
  const toast = useToast();
  const ids = rules.map((rule) => rule.id);
  const names = { categories: categoryNames, accounts: accountNames };
  const move = (from: number, to: number) =>
    reorder.mutate(moved(ids, from, to), { onError: (error) => toast(errorMessage(error), 'error') });

  return (
    <ol className="rules-list" aria-label="Rules in the order they are tried">
      {rules.map((rule, index) => (
        <li key={rule.id} className="card rule-card" data-rule-id={rule.id}>
          <div className="rule-text">
            <h3>
              {index + 1}. {rule.name} {rule.enabled ? null : <span className="badge">Off</span>}
            </h3>
            <p>{whenText(rule, currency, names)},</p>
            <p>{thenText(rule, names)}.</p>
          </div>
          <div className="actions">
            <Button
              variant="secondary"
              size="small"
              aria-label={`Move ${rule.name} up`}
              disabled={index === 0 || reorder.isPending}
              onClick={() => move(index, index - 1)}
            >
              ↑ Up
            </Button>
            <Button
              variant="secondary"
              size="small"
              aria-label={`Move ${rule.name} down`}
              disabled={index === rules.length - 1 || reorder.isPending}
              onClick={() => move(index, index + 1)}
            >
              ↓ Down
            </Button>
            <Button variant="secondary" size="small" aria-label={`Edit ${rule.name}`} onClick={() => onEdit(rule)}>
              Edit
            </Button>
            <ConfirmButton
              aria-label={`Apply ${rule.name} to past transactions`}
              title={`Apply “${rule.name}” to past transactions?`}
              description="Every past transaction it matches gets what the rule sets. Preview a rule in its editor to see the count first."
              confirmLabel="Apply"
              pendingLabel="Applying…"
              variant="secondary"
              onConfirm={() =>
                apply
                  .mutateAsync(rule.id)
                  .then(({ changed }) => toast(`“${rule.name}” changed ${plural(changed, 'transaction')}`))
              }
            >
              Apply to past
            </ConfirmButton>
            <ConfirmButton
              aria-label={`Delete ${rule.name}`}
              title={`Delete the rule “${rule.name}”?`}
              description="What it already set on transactions stays."
              confirmLabel="Delete"
              pendingLabel="Deleting…"
              variant="ghost"
              onConfirm={() => remove.mutateAsync(rule.id).then(() => toast(`Rule “${rule.name}” deleted`))}
            >
              Delete
            </ConfirmButton>
          </div>
        </li>
      ))}
    </ol>
  );
};
