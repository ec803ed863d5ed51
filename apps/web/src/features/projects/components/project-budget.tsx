import { Link } from 'react-router';
import { formatMoney } from '@aiceo/shared/money';
import type { Project } from '@aiceo/shared/projects';
import { paths } from '@/config/paths';
import { DataTable } from '@/components/ui/data-table';
import { formatDay } from '../format';
import './projects.css';

type ProjectBudgetProps = {
  orgId: string;
  project: Project;
  /** The books are for admins: members see the totals but no link into Money. */
  canSeeMoney: boolean;
};

/** Budget vs actual: what was spent and received against the budget, and the latest tagged transactions. */
export const ProjectBudget = ({ orgId, project, canSeeMoney }: ProjectBudgetProps) => {
  const money = (minor: number) => formatMoney(minor, project.currency);
  const remaining = project.budgetMinor - project.spentMinor;
  const usedPercent =
    project.budgetMinor > 0
      ? Math.round((project.spentMinor * 100) / project.budgetMinor)
      : project.spentMinor > 0
        ? 100
        : 0;
  const isOver = project.budgetMinor > 0 && project.spentMinor > project.budgetMinor;
  return (
    <section className="card project-budget" aria-labelledby="project-budget-title">
      <h2 id="project-budget-title">Budget vs actual</h2>
      <dl className="project-money">
        <div>
          <dt>Budget</dt>
          <dd data-testid="project-budget">{project.budgetMinor > 0 ? money(project.budgetMinor) : 'None set'}</dd>
        </div>
        <div>
          <dt>Spent</dt>
          <dd data-testid="project-spent">{money(project.spentMinor)}</dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd data-testid="project-received">{money(project.receivedMinor)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd className={isOver ? 'project-over-budget' : undefined} data-testid="project-remaining">
            {project.budgetMinor > 0 ? money(remaining) : '—'}
          </dd>
        </div>
      </dl>
      {project.budgetMinor > 0 ? (
        <div className={`project-budget-meter${isOver ? ' over' : ''}`}>
          <div
            className="project-progress-bar"
            role="meter"
            aria-label="Budget spent"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.min(usedPercent, 100)}
            aria-valuetext={`${usedPercent}% of the budget spent${isOver ? ', over budget' : ''}`}
          >
            <div className="project-progress-fill" style={{ width: `${Math.min(usedPercent, 100)}%` }} />
          </div>
          <span className="project-progress-text">
            {usedPercent}% of the budget spent{isOver ? ` · ${money(-remaining)} over` : ''}
          </span>
        </div>
      ) : null}
      <h3>Tagged transactions</h3>
      <DataTable
        caption="Transactions tagged to this project"
        className="project-transactions"
        rows={project.transactions}
        columns={[
          { header: 'Date', className: 'nowrap', cell: (tx) => formatDay(tx.date) },
          {
            header: 'What',
            isRowHeader: true,
            cell: (tx) => tx.counterparty || tx.description || <span className="muted">—</span>,
          },
          {
            header: 'Amount',
            headerClassName: 'amount',
            className: (tx) => `amount${tx.amountMinor < 0 ? ' negative' : ''}`,
            cell: (tx) => formatMoney(tx.amountMinor, tx.currency, { signed: true }),
          },
        ]}
        empty={
          <p className="muted">
            Nothing yet. Tag an expense or a payment to this project on its transaction in Money, and it counts here.
          </p>
        }
      />
      {canSeeMoney ? (
        <p>
          <Link to={paths.orgs.money.transactions.getHref(orgId)}>Open the transactions in Money</Link>
        </p>
      ) : null}
    </section>
  );
};
