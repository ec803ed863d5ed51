import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { OrgPlaybook } from '@aiceo/shared/playbooks';
import { ActionError } from '@/components/ui/action-error';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { useOrgCurrency } from '@/hooks/use-org-currency';
import { orgPlaybookQueryOptions, useOrgPlaybook } from '@/hooks/use-org-playbook';
import { useCreateGoal } from '../api/create-goal';
import { formatGoalNumber, goalMetricLabels, isMoneyMetric } from '../format';
import './goals.css';

const DAY_MS = 86_400_000;

/** The target date of a goal added now. */
const daysFromNow = (days: number): string => new Date(Date.now() + days * DAY_MS).toISOString();

type Suggestion = OrgPlaybook['suggestedGoals'][number];

const measureOf = (goal: Suggestion, currency: string): string => {
  if (!goal.metric || goal.target === null) return `A plan the AI CEO breaks into steps, due in ${goal.days} days`;
  const unit = isMoneyMetric(goal.metric) ? 'money' : 'count';
  const target = formatGoalNumber({ unit, currency: unit === 'money' ? currency : null }, goal.target);
  return `${goalMetricLabels[goal.metric].option}: ${target} in ${goal.days} days`;
};

/** The playbook's suggested goals, each one click from being set (through the goal endpoint, as the form does). */
export const SuggestedGoals = ({ orgId, canEdit }: { orgId: string; canEdit: boolean }) => {
  const playbook = useOrgPlaybook(orgId);
  const currency = useOrgCurrency();
  const create = useCreateGoal(orgId);
  const toast = useToast();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<string | null>(null);
  const suggestions = playbook.data?.suggestedGoals.filter((goal) => !goal.added) ?? [];
  if (!playbook.data?.playbook || suggestions.length === 0) return null;

  const add = (goal: Suggestion) => {
    setPending(goal.key);
    create.mutate(
      {
        title: goal.title,
        description: goal.description,
        targetDate: daysFromNow(goal.days),
        ...(goal.metric && goal.target !== null ? { metric: goal.metric, target: goal.target } : {}),
      },
      {
        onSuccess: async () => {
          toast(`Goal set: ${goal.title}`);
          await queryClient.invalidateQueries({ queryKey: orgPlaybookQueryOptions(orgId).queryKey });
        },
        onSettled: () => setPending(null),
      },
    );
  };

  return (
    <section className="card suggested-goals" aria-labelledby="suggested-goals-heading">
      <h2 id="suggested-goals-heading">Suggested for {playbook.data.playbook.name.toLowerCase()}</h2>
      <p className="muted">From your playbook; the AI CEO plans the steps of each goal you add.</p>
      <ul className="suggested-goal-list">
        {suggestions.map((goal) => (
          <li key={goal.key}>
            <div>
              <strong>{goal.title}</strong>
              <p className="muted">{measureOf(goal, currency)}</p>
            </div>
            {canEdit ? (
              <Button
                variant="secondary"
                size="small"
                isPending={pending === goal.key}
                pendingLabel="Adding…"
                disabled={pending !== null}
                aria-label={`Add this goal: ${goal.title}`}
                onClick={() => add(goal)}
              >
                Add this goal
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {create.error ? <ActionError error={create.error} /> : null}
    </section>
  );
};
