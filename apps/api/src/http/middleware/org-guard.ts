import type { RequestHandler } from 'express';
import { z } from 'zod';
import { hasRole, type ApiKeyScope, type OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { AppError } from '../app-error';
import { authOf } from '../auth-context';

const orgIdSchema = z.uuid();
const ORG_NOT_FOUND = 'Organisation not found';

/**
 * The one membership and role check for every route under /api/orgs/:orgId.
 * A caller outside the org gets 404, never 403, so org ids cannot be probed.
 * API keys pass only for their own org and only with `scope` (null: keys refused).
 */
export const orgGuard = (deps: Pick<Deps, 'db'>, minRole: OrgRole, scope: ApiKeyScope | null): RequestHandler =>
  async (req, _res, next) => {
    const parsed = orgIdSchema.safeParse(req.params['orgId']);
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request', {
        issues: [{ location: 'params', path: 'orgId', message: 'Invalid UUID' }],
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

    const membership = await deps.db.membership.findUnique({
      where: { orgId_userId: { orgId, userId: auth.userId } },
      select: { role: true },
    });
    if (!membership) throw new AppError('NOT_FOUND', ORG_NOT_FOUND);
    if (!hasRole(membership.role, minRole)) throw new AppError('FORBIDDEN', `This needs the ${minRole} role or higher`);
    req.org = { orgId, role: membership.role };
    next();
  };
