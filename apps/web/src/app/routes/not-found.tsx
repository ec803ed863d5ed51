import { Link } from 'react-router';
import { AuthLayout } from '@/components/layouts/auth-layout';

export const Component = () => (
  <AuthLayout title="Page not found" description="There is nothing at this address.">
    <p>Check the link, or go back to the start.</p>
    <Link className="button" to="/">
      Go to the start
    </Link>
  </AuthLayout>
);
