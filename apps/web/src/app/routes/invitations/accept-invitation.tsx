import { Link, useNavigate, useParams } from 'react-router';
import { paths } from '@/config/paths';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { Button } from '@/components/ui/button';
import { ErrorState, Loading, errorMessage } from '@/components/ui/states';
import { useToast } from '@/components/ui/toast';
import { useLogout } from '@/features/auth/api/logout';
import { useAcceptInvitation } from '@/features/invitations/api/accept-invitation';
import { invitationPreviewQueryOptions, useInvitationPreview } from '@/features/invitations/api/get-invitation-preview';
import { orgsQueryOptions } from '@/features/orgs/api/list-orgs';
import { InvitationSummary } from '@/features/invitations/components/invitation-summary';
import { ApiError } from '@/lib/api-client';
import { sessionReady, useAuth } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ params }: { params: { token?: string } }) => {
  if (params.token) void queryClient.prefetchQuery(invitationPreviewQueryOptions(params.token));
  await sessionReady();
  return null;
};

const closedTitle = (error: unknown) => {
  if (!(error instanceof ApiError)) return 'Could not load this invitation';
  if (error.status === 404 || error.code === 'VALIDATION_FAILED') return 'This invitation link is not valid';
  if (error.code === 'CONFLICT') return 'This invitation can no longer be used';
  return 'Could not load this invitation';
};

export const Component = () => {
  const { token = '' } = useParams();
  const preview = useInvitationPreview(token);
  const auth = useAuth();
  const accept = useAcceptInvitation();
  const logout = useLogout();
  const navigate = useNavigate();
  const toast = useToast();
  const here = paths.invitation.getHref(token);

  const onAccept = () =>
    accept.mutate(token, {
      onSuccess: async (org) => {
        // The new organisation joins the switcher.
        await queryClient.invalidateQueries({ queryKey: orgsQueryOptions().queryKey, exact: true });
        toast(`You joined ${org.name}`);
        void navigate(paths.orgs.dashboard.getHref(org.id));
      },
    });

  let body;
  if (preview.isPending) body = <Loading label="Loading the invitation…" />;
  else if (preview.isError) {
    const isFinal = preview.error instanceof ApiError && preview.error.status < 500;
    body = (
      <ErrorState
        title={closedTitle(preview.error)}
        error={preview.error}
        onRetry={isFinal ? undefined : () => void preview.refetch()}
      />
    );
  } else {
    const invite = preview.data;
    let action;
    if (auth.status === 'loading') action = <Loading label="Checking your session…" />;
    else if (auth.status === 'signed-out') {
      action = (
        <>
          <p>Log in or sign up as {invite.email} to accept.</p>
          <div className="actions">
            <Link className="button" to={`${paths.auth.login.getHref(here)}&email=${encodeURIComponent(invite.email)}`}>
              Log in to accept
            </Link>
            <Link className="button secondary" to={paths.auth.signup.getHref({ next: here, email: invite.email })}>
              Sign up to accept
            </Link>
          </div>
        </>
      );
    } else if (auth.user.email.toLowerCase() !== invite.email.toLowerCase()) {
      action = (
        <>
          <p className="alert warning">
            You are signed in as {auth.user.email}, but this invitation is for {invite.email}. Log out and sign in with
            that address.
          </p>
          <div className="actions" style={{ marginTop: '1rem' }}>
            <Button
              variant="secondary"
              isPending={logout.isPending}
              pendingLabel="Logging out…"
              onClick={() => logout.mutate(false)}
            >
              Log out
            </Button>
          </div>
        </>
      );
    } else {
      action = (
        <>
          {accept.isError ? (
            <p className="alert error" role="alert">
              {errorMessage(accept.error)}
            </p>
          ) : null}
          <div className="actions" style={{ marginTop: '1rem' }}>
            <Button onClick={onAccept} isPending={accept.isPending} pendingLabel="Joining…">
              Accept invitation
            </Button>
            <Link to={paths.home.getHref()}>Not now</Link>
          </div>
        </>
      );
    }
    body = (
      <>
        <InvitationSummary preview={invite} />
        {action}
      </>
    );
  }

  return <AuthLayout title={preview.data ? `Join ${preview.data.orgName}` : 'Invitation'}>{body}</AuthLayout>;
};
