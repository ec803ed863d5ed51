import type { InviteCode } from '@aiceo/shared/platform';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useToast } from '@/components/ui/toast';
import { formatDate } from '@/utils/format';
import { useRevokeInviteCode } from '../api/revoke-invite-code';

const statusLabel: Record<InviteCode['status'], { text: string; className: string }> = {
  active: { text: 'Active', className: 'badge good' },
  used_up: { text: 'Used up', className: 'badge' },
  expired: { text: 'Expired', className: 'badge' },
  revoked: { text: 'Revoked', className: 'badge bad' },
};

export const InviteCodesTable = ({ codes }: { codes: readonly InviteCode[] }) => {
  const revoke = useRevokeInviteCode();
  const toast = useToast();
  const columns: DataTableColumn<InviteCode>[] = [
    { header: 'Code', isRowHeader: true, cell: (code) => <code>{code.code}</code> },
    { header: 'Note', cell: (code) => code.note ?? '—' },
    { header: 'Used', cell: (code) => `${code.usedCount} of ${code.maxUses}` },
    {
      header: 'Status',
      cell: (code) => <span className={statusLabel[code.status].className}>{statusLabel[code.status].text}</span>,
    },
    { header: 'Expires', cell: (code) => (code.expiresAt ? formatDate(code.expiresAt) : 'Never') },
    {
      header: actionsHeader,
      cell: (code) =>
        code.status === 'active' ? (
          <ConfirmButton
            aria-label={`Revoke code ${code.code}`}
            title={`Revoke ${code.code}?`}
            description="Nobody can sign up with it any more; accounts made with it stay."
            confirmLabel="Revoke"
            pendingLabel="Revoking…"
            onConfirm={() => revoke.mutateAsync(code.id).then(() => toast(`Code ${code.code} revoked`))}
          >
            Revoke
          </ConfirmButton>
        ) : null,
    },
  ];
  return <DataTable caption="Invite codes" columns={columns} rows={codes} />;
};
