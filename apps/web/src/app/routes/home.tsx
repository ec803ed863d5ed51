import { redirect } from 'react-router';
import { paths } from '@/config/paths';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';
import { orgsQueryOptions } from '@/features/orgs/api/list-orgs';
import { lastOrgId } from '@/features/orgs/last-org';

/** `/` only decides where to go: the last organisation used, the first one, or creating one. */
export const loader = async ({ request }: { request: Request }) => {
  await requireUser({ request });
  const { items } = await queryClient.ensureQueryData(orgsQueryOptions());
  const remembered = lastOrgId();
  const org = items.find((o) => o.id === remembered) ?? items[0];
  return redirect(org ? paths.orgs.dashboard.getHref(org.id) : paths.orgs.create.getHref());
};

export const Component = () => null;
