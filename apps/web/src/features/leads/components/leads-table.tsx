import { Link } from 'react-router';
import type { Lead } from '@aiceo/shared/leads';
import { paths } from '@/config/paths';
import { formatDate } from '@/utils/format';
import type { LeadSort, LeadView } from '../api/list-leads';
import { formatMoney, priorityLabels, stageLabels } from '../format';
import { ScoreBadge } from './score-badge';

type SortHeaderProps = { label: string; sort: LeadSort; view: LeadView; onSort: (change: Pick<LeadView, 'sort' | 'order'>) => void; className?: string };

/** A column header that sorts by its column; a second click flips the direction. */
const SortHeader = ({ label, sort, view, onSort, className }: SortHeaderProps) => {
  const isActive = view.sort === sort;
  const next = isActive && view.order === 'desc' ? 'asc' : 'desc';
  return (
    <th scope="col" className={className} aria-sort={isActive ? (view.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort({ sort, order: isActive ? next : sort === 'name' ? 'asc' : 'desc' })}>
        {label}
        <span aria-hidden="true">{isActive ? (view.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
};

type LeadsTableProps = { orgId: string; leads: readonly Lead[]; view: LeadView; onSort: (change: Pick<LeadView, 'sort' | 'order'>) => void };

export const LeadsTable = ({ orgId, leads, view, onSort }: LeadsTableProps) => (
  <div className="table-wrap">
    <table className="leads-table">
      <caption className="visually-hidden">Leads</caption>
      <thead>
        <tr>
          <SortHeader label="Name" sort="name" view={view} onSort={onSort} />
          <th scope="col">Company</th>
          <th scope="col">Stage</th>
          <th scope="col">Priority</th>
          <th scope="col">Owner</th>
          <SortHeader label="Score" sort="score" view={view} onSort={onSort} />
          <SortHeader label="Value" sort="value" view={view} onSort={onSort} className="amount" />
          <SortHeader label="Created" sort="createdAt" view={view} onSort={onSort} />
          <SortHeader label="Updated" sort="updatedAt" view={view} onSort={onSort} />
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => (
          <tr key={lead.id}>
            <th scope="row">
              <Link to={paths.orgs.leads.lead.getHref(orgId, lead.id)}>{lead.name}</Link>
              {lead.email ? <div className="muted lead-email">{lead.email}</div> : null}
            </th>
            <td>{lead.company || '—'}</td>
            <td>{stageLabels[lead.stage]}</td>
            <td>{priorityLabels[lead.priority]}</td>
            <td>{lead.owner?.name ?? '—'}</td>
            <td>
              <ScoreBadge score={lead.score} />
            </td>
            <td className="amount">{formatMoney(lead.valueCents)}</td>
            <td>{formatDate(lead.createdAt)}</td>
            <td>{formatDate(lead.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
