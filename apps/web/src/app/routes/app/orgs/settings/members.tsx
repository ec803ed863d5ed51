import { Link, useNavigate, useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { paths } from '@/config/paths';
import { EmptyState, QueryView } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { membersQueryOptions, useMembers } from '@/features/members/api/list-members';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { useLeaveOrg } from '@/features/orgs/api/leave-org';
import { MembersTable } from '@/features/members/components/members-table';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser, useUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await requireUser({ request });
  void queryClient.prefetchQuery(membersQueryOptions(params.orgId ?? ''));
  return null;
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  const user = useUser();
  const members = useMembers(orgId);
  const leave = useLeaveOrg(orgId);
  const navigate = useNavigate();
  const toast = useToast();
  const myRole = org.role ?? 'member';

  const onLeave = () =>
    leave.mutateAsync(user.id).then(() => {
      toast(`You left ${org.name}`);
      return navigate(paths.home.getHref(), { replace: true });
    });

  return (
    <section aria-labelledby="members-heading" className="stack">
      <div className="page-header" style={{ marginBottom: 0 }}>
        <h2 id="members-heading">Members</h2>
        {hasRole(myRole, 'admin') ? (
          <Link className="button secondary small" to={paths.orgs.settings.invitations.getHref(orgId)}>
            Invite people
          </Link>
        ) : null}
      </div>
      <p className="muted">Owners manage everyone; admins manage members; members can leave.</p>
      <QueryView
        query={members}
        loadingLabel="Loading members…"
        errorTitle="Could not load the members"
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState title="No members yet" />}
      >
        {(data) => (
          <MembersTable
            orgId={orgId}
            members={data.items}
            myRole={myRole}
            myUserId={user.id}
            onLeave={onLeave}
            onMyRoleChanged={() => queryClient.invalidateQueries({ queryKey: orgQueryOptions(orgId).queryKey })}
          />
        )}
      </QueryView>
    </section>
  );
};
