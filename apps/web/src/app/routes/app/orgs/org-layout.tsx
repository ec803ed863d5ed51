import { useEffect } from 'react';
import { Link, Outlet, useParams, useRouteError, type LoaderFunctionArgs } from 'react-router';
import { paths } from '@/config/paths';
import { ErrorState } from '@/components/ui/states';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { rememberOrg } from '@/features/orgs/last-org';
import { ApiError } from '@/lib/api-client';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  // The shell and every page below need the organisation (and the caller's role in it). The
  // request starts now: the API client waits for the session restore that is under way.
  const org = queryClient.ensureQueryData(orgQueryOptions(params.orgId ?? ''));
  await Promise.all([requireUser({ request }), org.catch(() => undefined)]);
  return org;
};

export const Component = () => {
  const { orgId } = useParams();
  useEffect(() => {
    if (orgId) rememberOrg(orgId);
  }, [orgId]);
  return <Outlet />;
};

export const ErrorBoundary = () => {
  const error = useRouteError();
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 400 || error.status === 403);
  if (missing) {
    return (
      <div className="state" role="alert">
        <h1 tabIndex={-1}>Organisation not found</h1>
        <p>It does not exist, or you are not a member of it.</p>
        <Link className="button" to={paths.home.getHref()}>
          Go to your organisations
        </Link>
      </div>
    );
  }
  return <ErrorState error={error} title="Could not open this organisation" onRetry={() => window.location.reload()} />;
};
