import { EmptyState } from '@/components/ui/states';

/** What a plain member sees on a screen only admins and owners may use (the API would answer 403). */
export const AdminOnly = ({ what }: { what: string }) => (
  <EmptyState title="Admins only">
    <p>Only admins and owners can manage {what}. Ask one of them if you need a change.</p>
  </EmptyState>
);
