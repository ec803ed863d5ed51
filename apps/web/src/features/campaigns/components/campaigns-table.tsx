import { Link } from 'react-router';
import type { Campaign } from '@aiceo/shared/campaigns';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';

const statusBadge: Record<Campaign['status'], string> = { draft: 'badge', sending: 'badge', sent: 'badge good' };

export const CampaignsTable = ({ orgId, campaigns }: { orgId: string; campaigns: readonly Campaign[] }) => {
  const columns: DataTableColumn<Campaign>[] = [
    {
      header: 'Name',
      isRowHeader: true,
      cell: (campaign) => <Link to={paths.orgs.campaign.getHref(orgId, campaign.id)}>{campaign.name}</Link>,
    },
    { header: 'Status', cell: (campaign) => <span className={statusBadge[campaign.status]}>{campaign.status}</span> },
    { header: 'Sent', cell: (campaign) => campaign.counts.sent },
    { header: 'Failed', cell: (campaign) => campaign.counts.failed },
    { header: 'Skipped', cell: (campaign) => campaign.counts.skipped },
    { header: 'Updated', cell: (campaign) => formatDateTime(campaign.sentAt ?? campaign.updatedAt) },
  ];
  return <DataTable ariaLabel="Campaigns" columns={columns} rows={campaigns} />;
};
