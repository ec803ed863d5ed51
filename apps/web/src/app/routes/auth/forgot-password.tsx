import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { AuthLayout } from '@/components/layouts/auth-layout';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';

export const Component = () => (
  <AuthLayout
    title="Forgot your password?"
    description="Enter your email and we will send you a link to choose a new one."
    footer={<Link to={paths.auth.login.getHref()}>Back to log in</Link>}
  >
    <ForgotPasswordForm />
  </AuthLayout>
);
