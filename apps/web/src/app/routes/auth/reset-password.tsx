import { Link, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';

export const Component = () => {
  const [search] = useSearchParams();
  const token = search.get('token');
  return (
    <AuthLayout title="Choose a new password" footer={<Link to={paths.auth.login.getHref()}>Back to log in</Link>}>
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p className="alert error" role="alert">
          This link has no reset token. Open the link from the email again, or{' '}
          <Link to={paths.auth.forgotPassword.getHref()}>ask for a new one</Link>.
        </p>
      )}
    </AuthLayout>
  );
};
