import { useParams, type LoaderFunctionArgs } from 'react-router';
import { hasRole } from '@aiceo/shared/roles';
import { EmptyState, QueryView } from '@/components/ui/states';
import { invitationsQueryOptions, useInvitations } from '@/features/invitations/api/list-invitations';
import { InvitationsTable } from '@/features/invitations/components/invitations-table';
import { InviteForm } from '@/features/invitations/components/invite-form';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { useCurrentOrg } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { AdminOnly } from './admin-only';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  await requireUser({ request });
  const orgId = params.orgId ?? '';
  // Plain members would get a 403; they see an explanation instead.
  const org = await queryClient.ensureQueryData(orgQueryOptions(orgId));
  if (org.role && hasRole(org.role, 'admin')) void queryClient.prefetchQuery(invitationsQueryOptions(orgId));
  return null;
};

const InvitationsList = ({ orgId }: { orgId: string }) => {
  const invitations = useInvitations(orgId);
  return (
    <QueryView
      query={invitations}
      loadingLabel="Loading invitations…"
      errorTitle="Could not load the invitations"
      isEmpty={(data) => data.items.length === 0}
      empty={
        <EmptyState title="No invitations yet">
          <p>Invite someone above; they get an email with a link to join.</p>
        </EmptyState>
      }
    >
      {(data) => <InvitationsTable orgId={orgId} invitations={data.items} />}
    </QueryView>
  );
};

export const Component = () => {
  const { orgId = '' } = useParams();
  const org = useCurrentOrg();
  if (!org.role || !hasRole(org.role, 'admin')) return <AdminOnly what="invitations" />;
  return (
    <div className="stack">
      <section className="card" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <InviteForm orgId={orgId} />
      </section>
      <section aria-labelledby="invitations-heading">
        <h2 id="invitations-heading">Invitations</h2>
        <InvitationsList orgId={orgId} />
      </section>
    </div>
  );
};
