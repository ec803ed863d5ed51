import { Link } from 'react-router';
import type { AdminOrg } from '@aiceo/shared/platform';
import { planDefinitions } from '@aiceo/shared/plans';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { paths } from '@/config/paths';
import { count, percent, usd, usdFromNano } from '../utils/format';

const columns: DataTableColumn<AdminOrg>[] = [
  {
    header: 'Organisation',
    isRowHeader: true,
    cell: (org) => (
      <>
        <Link to={paths.admin.orgs.getHref(new URLSearchParams({ org: org.id }).toString())}>{org.name}</Link>
        <br />
        <span className="muted">{org.slug}</span>
      </>
    ),
  },
  { header: 'Plan', cell: (org) => planDefinitions[org.plan].name },
  { header: 'Members', cell: (org) => count(org.members) },
  { header: 'MRR', cell: (org) => usd(org.mrrCents) },
  { header: 'Paid this month', cell: (org) => usd(org.paidThisMonthCents) },
  { header: 'AI cost this month', cell: (org) => usdFromNano(org.aiCostNanoUsd) },
  {
    header: 'Margin',
    className: (org) => (org.marginCents < 0 ? 'negative' : undefined),
    cell: (org) => `${usd(org.marginCents)} (${percent(org.marginRate)})`,
  },
];

/** Organisations with their money this month; the table scrolls inside its own box on a phone. */
export const OrgsTable = ({ orgs }: { orgs: readonly AdminOrg[] }) => (
  <DataTable caption="Organisations" columns={columns} rows={orgs} wrapStyle={{ maxWidth: '100%' }} />
);
