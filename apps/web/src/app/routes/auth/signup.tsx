import { Link, useNavigate, useSearchParams } from 'react-router';
import { paths, safeNext } from '@/config/paths';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { authConfigQueryOptions } from '@/features/auth/api/get-auth-config';
import { SignupForm } from '@/features/auth/components/signup-form';
import { redirectIfSignedIn } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

export const loader = async (args: { request: Request }) => {
  // Fetched alongside the session check so the invite-code field is there on first paint.
  void queryClient.prefetchQuery(authConfigQueryOptions());
  return redirectIfSignedIn(args);
};

export const Component = () => {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(search.get('next'));
  return (
    <AuthLayout
      title="Sign up"
      description="Create your account; you can create or join an organisation next."
      footer={
        <span>
          Already have an account? <Link to={paths.auth.login.getHref(next)}>Log in</Link>
        </span>
      }
    >
      <SignupForm
        defaultEmail={search.get('email') ?? undefined}
        defaultInviteCode={search.get('code') ?? undefined}
        onSuccess={() => void navigate(next ?? paths.home.getHref(), { replace: true })}
      />
    </AuthLayout>
  );
};
