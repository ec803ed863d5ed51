import { hasRole } from '@aiceo/shared/roles';
import { orgQueryOptions } from '@/hooks/use-current-org';
import { requireUser } from '@/lib/auth';
import { queryClient } from '@/lib/query-client';

/**
 * For a money route's loader: whether the caller may read the org's books (admin+), so that it
 * prefetches only then; a member would only collect 403s (the money layout tells them why instead).
 */
export const canSeeMoney = async ({ request, orgId }: { request: Request; orgId: string }): Promise<boolean> => {
  await requireUser({ request });
  const org = await queryClient.ensureQueryData(orgQueryOptions(orgId)).catch(() => null);
  return !!org?.role && hasRole(org.role, 'admin');
};
