import type { InviteCode } from '@aiceo/shared/platform';
import { ConfirmButton } from '@/components/ui/confirm-button';
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
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Invite codes</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Note</th>
            <th scope="col">Used</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => (
            <tr key={code.id}>
              <th scope="row">
                <code>{code.code}</code>
              </th>
              <td>{code.note ?? '—'}</td>
              <td>
                {code.usedCount} of {code.maxUses}
              </td>
              <td>
                <span className={statusLabel[code.status].className}>{statusLabel[code.status].text}</span>
              </td>
              <td>{code.expiresAt ? formatDate(code.expiresAt) : 'Never'}</td>
              <td>
                {code.status === 'active' ? (
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
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
