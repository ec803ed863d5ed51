import { EmptyState, QueryView } from '@/components/ui/states';
import { inviteCodesQueryOptions, useInviteCodes } from '@/features/admin/api/list-invite-codes';
import { CreateInviteCodeForm } from '@/features/admin/components/create-invite-code-form';
import { InviteCodesTable } from '@/features/admin/components/invite-codes-table';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request }: { request: Request }) => {
  const user = await requireUser({ request });
  if (user.isPlatformAdmin) void queryClient.prefetchQuery(inviteCodesQueryOptions());
  return null;
};

export const Component = () => {
  const codes = useInviteCodes();
  return (
    <div className="stack">
      <section className="card" aria-labelledby="new-code-heading">
        <h2 id="new-code-heading">Create an invite code</h2>
        <p className="muted">While sign-up is invite-only, new accounts need one of these.</p>
        <CreateInviteCodeForm />
      </section>
      <section aria-labelledby="codes-heading">
        <h2 id="codes-heading">Invite codes</h2>
        <QueryView
          query={codes}
          loadingLabel="Loading invite codes…"
          errorTitle="Could not load the invite codes"
          isEmpty={(data) => data.items.length === 0}
          empty={<EmptyState title="No invite codes yet" />}
        >
          {(data) => <InviteCodesTable codes={data.items} />}
        </QueryView>
      </section>
    </div>
  );
};
