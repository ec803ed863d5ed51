import type { CreditDispute, CreditDisputeStatus } from '@aiceo/shared/credits';
import { capitalize, formatDate } from '@/utils/format';

const badgeClass: Record<CreditDisputeStatus, string> = { open: 'badge', refunded: 'badge good', rejected: 'badge bad' };

export const DisputesTable = ({ disputes }: { disputes: readonly CreditDispute[] }) => (
  <div className="table-wrap">
    <table>
      <caption className="visually-hidden">Credit disputes, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Opened</th>
          <th scope="col">Reason</th>
          <th scope="col">Status</th>
          <th scope="col">Resolution</th>
        </tr>
      </thead>
      <tbody>
        {disputes.map((dispute) => (
          <tr key={dispute.id}>
            <td>{formatDate(dispute.createdAt)}</td>
            <td>{dispute.reason}</td>
            <td>
              <span className={badgeClass[dispute.status]}>{capitalize(dispute.status)}</span>
            </td>
            <td>{dispute.resolutionNote ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
