import { Link } from 'react-router';
import type { SourceRef, SourceRow } from '@aiceo/shared/attribution';
import { paths } from '@/config/paths';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { RevenueCell } from './revenue-cell';

/** Where a post or campaign can be opened; null once it was deleted. */
export const refHref = (orgId: string, ref: SourceRef): string | null => {
  if (!ref.exists) return null;
  if (ref.kind === 'post') return paths.orgs.content.getHref(orgId);
  if (ref.kind === 'campaign') return paths.orgs.campaign.getHref(orgId, ref.id);
  return null;
};

const SourceName = ({ orgId, row }: { orgId: string; row: SourceRow }) => {
  const href = row.ref ? refHref(orgId, row.ref) : null;
  if (href) return <Link to={href}>{row.label}</Link>;
  return <span className={row.ref && !row.ref.exists ? 'muted' : undefined}>{row.label}</span>;
};

type SourceTableProps = {
  orgId: string;
  title: string;
  nameHeader: string;
  rows: readonly SourceRow[];
  empty: string;
};

/** One "by source" table: name, leads that came in, won deals and what they earned. */
export const SourceTable = ({ orgId, title, nameHeader, rows, empty }: SourceTableProps) => {
  const headingId = `sources-${nameHeader.toLowerCase()}`;
  const columns: DataTableColumn<SourceRow>[] = [
    { header: nameHeader, cell: (row) => <SourceName orgId={orgId} row={row} />, isRowHeader: true },
    { header: 'Leads', cell: (row) => row.leads, className: 'num', headerClassName: 'num' },
    { header: 'Won', cell: (row) => row.won, className: 'num', headerClassName: 'num' },
    { header: 'Revenue', cell: (row) => <RevenueCell row={row} />, className: 'num', headerClassName: 'num' },
  ];
  return (
    <section className="card source-table" aria-labelledby={headingId} data-testid={headingId}>
      <h2 id={headingId}>{title}</h2>
      <DataTable
        labelledBy={headingId}
        columns={columns}
        rows={rows}
        rowKey={(row) => row.key}
        empty={<p className="muted">{empty}</p>}
      />
    </section>
  );
};
