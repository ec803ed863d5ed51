import { Link } from 'react-router';
import type { Campaign } from '@aiceo/shared/campaigns';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/utils/format';

const statusBadge: Record<Campaign['status'], string> = { draft: 'badge', sending: 'badge', sent: 'badge good' };

export const CampaignsTable = ({ orgId, campaigns }: { orgId: string; campaigns: readonly Campaign[] }) => (
  <div className="table-wrap">
    <table aria-label="Campaigns">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Sent</th>
          <th scope="col">Failed</th>
          <th scope="col">Skipped</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((campaign) => (
          <tr key={campaign.id}>
            <th scope="row">
              <Link to={paths.orgs.campaign.getHref(orgId, campaign.id)}>{campaign.name}</Link>
            </th>
            <td>
              <span className={statusBadge[campaign.status]}>{campaign.status}</span>
            </td>
            <td>{campaign.counts.sent}</td>
            <td>{campaign.counts.failed}</td>
            <td>{campaign.counts.skipped}</td>
            <td>{formatDateTime(campaign.sentAt ?? campaign.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
