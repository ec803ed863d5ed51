import type { Invitation } from '@aiceo/shared/members';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate } from '@/utils/format';
import { useRevokeInvitation } from '../api/revoke-invitation';

const statusClass: Record<Invitation['status'], string> = { pending: 'badge good', accepted: 'badge', revoked: 'badge bad', expired: 'badge' };

export const InvitationsTable = ({ orgId, invitations }: { orgId: string; invitations: readonly Invitation[] }) => {
  const revoke = useRevokeInvitation(orgId);
  const toast = useToast();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Invitations</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Invited by</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id}>
              <th scope="row">{invitation.email}</th>
              <td>{capitalize(invitation.role)}</td>
              <td>
                <span className={statusClass[invitation.status]}>{capitalize(invitation.status)}</span>
              </td>
              <td>{invitation.invitedBy?.name ?? '—'}</td>
              <td>{formatDate(invitation.expiresAt)}</td>
              <td>
                {invitation.status === 'pending' ? (
                  <ConfirmButton
                    aria-label={`Revoke invitation for ${invitation.email}`}
                    title={`Revoke the invitation for ${invitation.email}?`}
                    description="The link in their email stops working at once."
                    confirmLabel="Revoke"
                    pendingLabel="Revoking…"
                    onConfirm={() => revoke.mutateAsync(invitation.id).then(() => toast(`Invitation for ${invitation.email} revoked`))}
                  >
                    Revoke
                  </ConfirmButton>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
