import type { RequestHandler } from 'express';
import { z } from 'zod';
import { hasRole, type ApiKeyScope, type OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { AppError } from '../app-error';
import { authOf } from '../auth-context';

const orgIdSchema = z.uuid();
const ORG_NOT_FOUND = 'Organisation not found';

/** The caller's role in the org, from the short-lived cache or one driver-level read (this runs on every org request). */
const findRole = async (
  deps: Pick<Deps, 'database' | 'orgAccessCache'>,
  key: { orgId: string; userId: string },
): Promise<OrgRole | null> => {
  const cached = deps.orgAccessCache.get(key);
  if (cached) return cached;
  const rows = await deps.database.query<{ role: OrgRole }>(
    'SELECT role FROM "Membership" WHERE "orgId" = $1 AND "userId" = $2',
    [key.orgId, key.userId],
  );
  const role = rows[0]?.role ?? null;
  if (role) deps.orgAccessCache.set({ ...key, role });
  return role;
};

/**
 * The one membership and role check for every route under /api/orgs/:orgId.
 * A caller outside the org gets 404, never 403, so org ids cannot be probed.
 * API keys pass only for their own org and only with `scope` (null: keys refused).
 */
export const orgGuard =
  (deps: Pick<Deps, 'database' | 'orgAccessCache'>, minRole: OrgRole, scope: ApiKeyScope | null): RequestHandler =>
  async (req, _res, next) => {
    const parsed = orgIdSchema.safeParse(req.params['orgId']);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'The organisation in the address is not a valid ID', {
        issues: [{ location: 'params', path: 'orgId', message: 'The organisation in the address is not a valid ID' }],
      });
    }
    const orgId = parsed.data;
    const auth = authOf(req);

    if (auth.kind === 'apiKey') {
      if (auth.orgId !== orgId) throw new AppError('NOT_FOUND', ORG_NOT_FOUND);
      if (scope === null) throw new AppError('FORBIDDEN', 'API keys cannot use this route; sign in as a member');
      if (!auth.scopes.includes(scope)) throw new AppError('FORBIDDEN', `This API key lacks the "${scope}" scope`);
      req.org = { orgId, role: null };
      return next();
    }

    const role = await findRole(deps, { orgId, userId: auth.userId });
    if (!role) throw new AppError('NOT_FOUND', ORG_NOT_FOUND);
    if (!hasRole(role, minRole)) throw new AppError('FORBIDDEN', `This needs the ${minRole} role or higher`);
    req.org = { orgId, role };
    next();
  };
