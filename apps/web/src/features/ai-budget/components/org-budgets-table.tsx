import { useState } from 'react';
import type { AdminOrgAiBudget, AiAllowanceState } from '@aiceo/shared/ai-budget';
import { planDefinitions } from '@aiceo/shared/plans';
import { Button } from '@/components/ui/button';
import { actionsHeader, DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/states';
import { usd } from '../format';
import { RaiseBudgetForm } from './raise-budget-form';

const stateLabels: Record<AiAllowanceState, string> = {
  normal: 'Normal',
  economy: 'Economy models',
  stopped: 'Stopped',
};

/** Orgs with AI cost this month, nearest their budget first: cost against price, and the margin left. */
export const OrgBudgetsTable = ({ orgs }: { orgs: AdminOrgAiBudget[] }) => {
  const [raising, setRaising] = useState<string | null>(null);
  const target = orgs.find((org) => org.orgId === raising);
  return (
    <div className="stack">
      {target ? (
        <section className="card" aria-label={`Raise ${target.name}`}>
          <h3>Raise the AI allowance of {target.name}</h3>
          <RaiseBudgetForm org={target} onDone={() => setRaising(null)} />
        </section>
      ) : null}
      <DataTable
        ariaLabel="Organisations by share of AI budget used"
        rows={orgs}
        rowKey={(org) => org.orgId}
        empty={<EmptyState title="No AI cost this month yet" />}
        rowProps={(org) => ({ 'data-org': org.orgId })}
        columns={[
          { header: 'Organisation', isRowHeader: true, cell: (org) => org.name },
          { header: 'Plan', cell: (org) => planDefinitions[org.plan].name },
          { header: 'Used', cell: (org) => `${org.percentUsed}%` },
          { header: 'State', cell: (org) => stateLabels[org.state] },
          {
            header: 'AI cost',
            cell: (org) =>
              `${usd(org.costCents)} of ${usd(org.budgetCents + org.extraCents)}${org.extraCents > 0 ? ` (${usd(org.extraCents)} added)` : ''}`,
          },
          { header: 'Price', cell: (org) => (org.priceCents === 0 ? 'Free' : usd(org.priceCents)) },
          {
            header: 'Margin',
            cell: (org) => usd(org.marginCents),
            className: (org) => (org.marginCents < 0 ? 'negative' : undefined),
          },
          {
            header: actionsHeader,
            cell: (org) => (
              <Button size="small" variant="secondary" onClick={() => setRaising(org.orgId)}>
                Raise
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
};
