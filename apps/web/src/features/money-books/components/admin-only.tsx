import type { ReactNode } from 'react';
import { hasRole } from '@aiceo/shared/roles';
import { EmptyState } from '@/components/ui/states';
import { useCurrentOrg } from '@/hooks/use-current-org';

/** Finance is admin+: a member sees why the page is empty instead of a 403 from every request. */
export const AdminOnly = ({ children }: { children: ReactNode }) => {
  const org = useCurrentOrg();
  if (org.role === null || hasRole(org.role, 'admin')) return <>{children}</>;
  return (
    <EmptyState title="Admins only">
      <p>The books are for admins and owners. Ask one of them if you need a figure.</p>
    </EmptyState>
  );
};
