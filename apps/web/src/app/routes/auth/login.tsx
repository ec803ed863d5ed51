import { Link, useNavigate, useSearchParams } from 'react-router';
import { paths, safeNext } from '@/config/paths';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { LoginForm } from '@/features/auth/components/login-form';
import { redirectIfSignedIn } from '@/lib/auth';

export const loader = redirectIfSignedIn;

export const Component = () => {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(search.get('next'));
  return (
    <AuthLayout
      title="Log in"
      description="Welcome back."
      footer={
        <>
          <Link to={paths.auth.signup.getHref({ next })}>Create an account</Link>
          <Link to={paths.auth.forgotPassword.getHref()}>Forgot your password?</Link>
        </>
      }
    >
      <LoginForm
        defaultEmail={search.get('email') ?? undefined}
        onSuccess={() => void navigate(next ?? paths.home.getHref(), { replace: true })}
      />
    </AuthLayout>
  );
};
