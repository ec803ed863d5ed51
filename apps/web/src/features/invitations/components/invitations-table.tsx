import type { Invitation } from '@aiceo/shared/members';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate } from '@/utils/format';
import { useRevokeInvitation } from '../api/revoke-invitation';

const statusClass: Record<Invitation['status'], string> = {
  pending: 'badge good',
  accepted: 'badge',
  revoked: 'badge bad',
  expired: 'badge',
};

export const InvitationsTable = ({ orgId, invitations }: { orgId: string; invitations: readonly Invitation[] }) => {
  const revoke = useRevokeInvitation(orgId);
  const toast = useToast();
  const columns: DataTableColumn<Invitation>[] = [
    { header: 'Email', isRowHeader: true, cell: (invitation) => invitation.email },
    { header: 'Role', cell: (invitation) => capitalize(invitation.role) },
    {
      header: 'Status',
      cell: (invitation) => <span className={statusClass[invitation.status]}>{capitalize(invitation.status)}</span>,
    },
    { header: 'Invited by', cell: (invitation) => invitation.invitedBy?.name ?? '—' },
    { header: 'Expires', cell: (invitation) => formatDate(invitation.expiresAt) },
    {
      header: actionsHeader,
      cell: (invitation) =>
        invitation.status === 'pending' ? (
          <ConfirmButton
            aria-label={`Revoke invitation for ${invitation.email}`}
            title={`Revoke the invitation for ${invitation.email}?`}
            description="The link in their email stops working at once."
            confirmLabel="Revoke"
            pendingLabel="Revoking…"
            onConfirm={() =>
              revoke.mutateAsync(invitation.id).then(() => toast(`Invitation for ${invitation.email} revoked`))
            }
          >
            Revoke
          </ConfirmButton>
        ) : null,
    },
  ];
  return <DataTable caption="Invitations" columns={columns} rows={invitations} />;
};
