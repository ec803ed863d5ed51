import type { Invitation } from '@aiceo/shared/members';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate } from '@/utils/format';
import { useCreateInvitation } from '../api/create-invitation';
import { useRevokeInvitation } from '../api/revoke-invitation';

const statusClass: Record<Invitation['status'], string> = {
  pending: 'badge good',
  accepted: 'badge',
  revoked: 'badge bad',
  expired: 'badge',
};

export const InvitationsTable = ({ orgId, invitations }: { orgId: string; invitations: readonly Invitation[] }) => {
  const revoke = useRevokeInvitation(orgId);
  const reissue = useCreateInvitation(orgId);
  const toast = useToast();
  // Only a hash of each link is kept, so an old link cannot be shown again: a new one is made (and mailed).
  const copyNewLink = async (invitation: Invitation) => {
    const created = await reissue.mutateAsync({
      email: invitation.email,
      role: invitation.role === 'admin' ? 'admin' : 'member',
    });
    try {
      await navigator.clipboard.writeText(created.link);
      toast(`New link for ${created.email} copied; the earlier link no longer works`);
    } catch {
      toast(
        `A new link was emailed to ${created.email} (the browser did not allow copying it); the earlier link no longer works`,
      );
    }
  };
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
          <div className="actions">
            <ConfirmButton
              variant="secondary"
              aria-label={`Copy a new link for ${invitation.email}`}
              title={`Copy a new link for ${invitation.email}?`}
              description="Links are not stored, so the one sent before cannot be shown again. A new link is made, emailed to them and copied for you; the earlier link stops working."
              confirmLabel="Make and copy a new link"
              pendingLabel="Making the link…"
              onConfirm={() => copyNewLink(invitation)}
            >
              Copy a new link
            </ConfirmButton>
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
          </div>
        ) : null,
    },
  ];
  return <DataTable caption="Invitations" columns={columns} rows={invitations} />;
};
