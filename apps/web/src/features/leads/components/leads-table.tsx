import { Link } from 'react-router';
import type { Lead } from '@aiceo/shared/leads';
import { formatMoney } from '@aiceo/shared/money';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { paths } from '@/config/paths';
import { formatDate } from '@/utils/format';
import type { LeadSort, LeadView } from '../api/list-leads';
import { useStageLabels } from '@/hooks/use-stage-labels';
import { priorityLabels } from '../format';
import { FollowupDraftBadge } from './followup-draft-badge';
import { UnsubscribedBadge } from './unsubscribed-badge';
import { ScoreBadge } from './score-badge';

type SortChange = Pick<LeadView, 'sort' | 'order'>;

/** A column that sorts by itself when its header is clicked; a second click flips the direction. */
const sortableColumn = ({
  label,
  sort,
  view,
  onSort,
}: {
  label: string;
  sort: LeadSort;
  view: LeadView;
  onSort: (change: SortChange) => void;
}): Pick<DataTableColumn<Lead>, 'header' | 'sort'> => {
  const isActive = view.sort === sort;
  const next = isActive && view.order === 'desc' ? 'asc' : 'desc';
  return {
    sort: isActive ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none',
    header: (
      <button
        type="button"
        className="sort-button"
        onClick={() => onSort({ sort, order: isActive ? next : sort === 'name' ? 'asc' : 'desc' })}
      >
        {label}
        <span aria-hidden="true">{isActive ? (view.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    ),
  };
};

type LeadsTableProps = { orgId: string; leads: readonly Lead[]; view: LeadView; onSort: (change: SortChange) => void };

export const LeadsTable = ({ orgId, leads, view, onSort }: LeadsTableProps) => {
  const sortable = (label: string, sort: LeadSort) => sortableColumn({ label, sort, view, onSort });
  const stageLabels = useStageLabels();
  const columns: DataTableColumn<Lead>[] = [
    {
      ...sortable('Name', 'name'),
      isRowHeader: true,
      cell: (lead) => (
        <>
          <Link to={paths.orgs.leads.lead.getHref(orgId, lead.id)}>{lead.name}</Link>
          {lead.email ? <div className="muted lead-email">{lead.email}</div> : null}
          {lead.followupDraftedAt ? (
            <div>
              <FollowupDraftBadge draftedAt={lead.followupDraftedAt} />
            </div>
          ) : null}
          {lead.unsubscribedAt ? (
            <div>
              <UnsubscribedBadge unsubscribedAt={lead.unsubscribedAt} />
            </div>
          ) : null}
        </>
      ),
    },
    { header: 'Company', cell: (lead) => lead.company || '—' },
    { header: 'Stage', cell: (lead) => stageLabels[lead.stage] },
    { header: 'Priority', cell: (lead) => priorityLabels[lead.priority] },
    { header: 'Owner', cell: (lead) => lead.owner?.name ?? '—' },
    { ...sortable('Score', 'score'), cell: (lead) => <ScoreBadge score={lead.score} /> },
    {
      ...sortable('Value', 'value'),
      headerClassName: 'amount',
      className: 'amount',
      cell: (lead) => formatMoney(lead.valueCents, lead.currency),
    },
    { ...sortable('Created', 'createdAt'), cell: (lead) => formatDate(lead.createdAt) },
    { ...sortable('Updated', 'updatedAt'), cell: (lead) => formatDate(lead.updatedAt) },
  ];
  return <DataTable caption="Leads" className="leads-table" columns={columns} rows={leads} />;
};
