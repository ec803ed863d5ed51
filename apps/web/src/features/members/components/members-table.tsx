import { useId } from 'react';
import type { Member } from '@aiceo/shared/members';
import { canManageMember, grantableRoles, updateMemberInputSchema } from '@aiceo/shared/members';
import type { OrgRole } from '@aiceo/shared/roles';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { actionsHeader, DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { useZodForm } from '@/components/ui/form';
import { useToast } from '@/components/ui/toast';
import { capitalize, formatDate } from '@/utils/format';
import { useRemoveMember } from '../api/remove-member';
import { useTransferOwnership } from '../api/transfer-ownership';
import { useUpdateMember } from '../api/update-member';

const RoleForm = ({ orgId, member, myRole }: { orgId: string; member: Member; myRole: OrgRole }) => {
  const update = useUpdateMember(orgId);
  const toast = useToast();
  const selectId = useId();
  const form = useZodForm({
    schema: updateMemberInputSchema,
    onSubmit: (body) =>
      update
        .mutateAsync({ userId: member.userId, body })
        .then((m) => toast(`${m.name} is now ${m.role === 'admin' ? 'an' : 'a'} ${m.role}`)),
  });
  const error = form.errors.role ?? form.formError;
  return (
    <form className="actions" onSubmit={form.handleSubmit} noValidate aria-label={`Change the role of ${member.name}`}>
      <label htmlFor={selectId} className="visually-hidden">
        Role for {member.name}
      </label>
      <select
        id={selectId}
        name="role"
        defaultValue={member.role}
        style={{ width: 'auto' }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${selectId}-error` : undefined}
      >
        {grantableRoles(myRole).map((role) => (
          <option key={role} value={role}>
            {capitalize(role)}
          </option>
        ))}
      </select>
      <Button
        type="submit"
        variant="secondary"
        size="small"
        isPending={update.isPending}
        aria-label={`Save role of ${member.name}`}
      >
        Save
      </Button>
      {error ? (
        <span className="error" id={`${selectId}-error`} role="alert" style={{ color: 'var(--danger)' }}>
          {error}
        </span>
      ) : null}
    </form>
  );
};

type MemberActionsProps = {
  orgId: string;
  member: Member;
  myRole: OrgRole;
  isMe: boolean;
  /** The caller is the organisation's only owner: they cannot leave until someone else owns it. */
  isOnlyOwner: boolean;
  canManage: boolean;
  onLeave: () => Promise<unknown>;
  onMyRoleChanged: () => Promise<unknown>;
};

const MemberActions = ({
  orgId,
  member,
  myRole,
  isMe,
  isOnlyOwner,
  canManage,
  onLeave,
  onMyRoleChanged,
}: MemberActionsProps) => {
  const remove = useRemoveMember(orgId);
  const transfer = useTransferOwnership(orgId);
  const toast = useToast();
  return (
    <div className="actions">
      {isMe && isOnlyOwner ? (
        <span className="hint" data-testid="only-owner-note">
          You are the only owner: make someone else owner first, then you can leave.
        </span>
      ) : null}
      {isMe && !isOnlyOwner ? (
        <ConfirmButton
          variant="secondary"
          title="Leave this organisation?"
          description="You lose access at once; an admin can invite you back."
          confirmLabel="Leave"
          pendingLabel="Leaving…"
          onConfirm={onLeave}
        >
          Leave
        </ConfirmButton>
      ) : null}
      {canManage ? (
        <ConfirmButton
          aria-label={`Remove ${member.name}`}
          title={`Remove ${member.name}?`}
          description={`${member.name} loses access to this organisation at once.`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          onConfirm={() => remove.mutateAsync(member.userId).then(() => toast(`${member.name} was removed`))}
        >
          Remove
        </ConfirmButton>
      ) : null}
      {myRole === 'owner' && !isMe && member.role !== 'owner' ? (
        <ConfirmButton
          variant="secondary"
          aria-label={`Transfer ownership to ${member.name}`}
          title={`Make ${member.name} the owner?`}
          description="They become the owner and you become an admin. Only they can undo this."
          confirmLabel="Transfer ownership"
          pendingLabel="Transferring…"
          onConfirm={() =>
            transfer.mutateAsync(member.userId).then(() => {
              toast(`${member.name} is now the owner`);
              return onMyRoleChanged();
            })
          }
        >
          Transfer ownership
        </ConfirmButton>
      ) : null}
    </div>
  );
};

type MembersTableProps = {
  orgId: string;
  members: readonly Member[];
  myRole: OrgRole;
  myUserId: string;
  onLeave: () => Promise<unknown>;
  /** After a transfer the caller is an admin: the page refreshes what depends on their role. */
  onMyRoleChanged: () => Promise<unknown>;
};

export const MembersTable = ({ orgId, members, myRole, myUserId, onLeave, onMyRoleChanged }: MembersTableProps) => {
  const isMe = (member: Member) => member.userId === myUserId;
  const canManage = (member: Member) => !isMe(member) && canManageMember(myRole, member.role);
  const ownerCount = members.filter((member) => member.role === 'owner').length;
  const columns: DataTableColumn<Member>[] = [
    {
      header: 'Name',
      isRowHeader: true,
      cell: (member) => (
        <>
          {member.name} {isMe(member) ? <span className="badge">You</span> : null}
        </>
      ),
    },
    { header: 'Email', cell: (member) => member.email },
    {
      header: 'Role',
      cell: (member) =>
        canManage(member) ? <RoleForm orgId={orgId} member={member} myRole={myRole} /> : capitalize(member.role),
    },
    { header: 'Joined', cell: (member) => formatDate(member.joinedAt) },
    {
      header: actionsHeader,
      cell: (member) => (
        <MemberActions
          orgId={orgId}
          member={member}
          myRole={myRole}
          isMe={isMe(member)}
          isOnlyOwner={isMe(member) && member.role === 'owner' && ownerCount === 1}
          canManage={canManage(member)}
          onLeave={onLeave}
          onMyRoleChanged={onMyRoleChanged}
        />
      ),
    },
  ];
  return (
    <DataTable caption="Members and their roles" columns={columns} rows={members} rowKey={(member) => member.userId} />
  );
};
