import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';

/** Centered card for the signed-out screens (log in, sign up, invitations...). */
export const AuthLayout = ({
  title,
  description,
  children,
  footer,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) => (
  <div className="auth-page">
    <main id="main" className="auth-card" tabIndex={-1}>
      <Link to="/" className="brand">
        <img src="/favicon.svg" alt="" /> AI CEO
      </Link>
      <div className="card">
        <PageHeader title={title} description={description} />
        {children}
      </div>
      {footer ? <div className="auth-links">{footer}</div> : null}
    </main>
  </div>
);
