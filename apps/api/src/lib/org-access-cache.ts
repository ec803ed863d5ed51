import type { OrgRole } from '@aiceo/shared/roles';
import type { Clock } from './clock';

/**
 * Remembers members' roles for a moment, so the org guard does not query on every request.
 * Only positive answers are kept; every membership write in this process invalidates its
 * org at once, and writes made by another instance are seen after at most `ttlMs`
 * (the same order of staleness a 15-minute stateless access token already accepts).
 */
export type OrgAccessCache = {
  get(options: { orgId: string; userId: string }): OrgRole | undefined;
  set(options: { orgId: string; userId: string; role: OrgRole }): void;
  invalidateOrg(orgId: string): void;
};

const MAX_ORGS = 10_000;

export const createOrgAccessCache = (options: { ttlMs: number; clock: Clock }): OrgAccessCache => {
  const byOrg = new Map<string, Map<string, { role: OrgRole; expiresAt: number }>>();
  if (options.ttlMs <= 0) return { get: () => undefined, set: () => undefined, invalidateOrg: () => undefined };
  return {
    get: ({ orgId, userId }) => {
      const entry = byOrg.get(orgId)?.get(userId);
      if (!entry) return undefined;
      if (entry.expiresAt > options.clock.now().getTime()) return entry.role;
      byOrg.get(orgId)?.delete(userId);
      return undefined;
    },
    set: ({ orgId, userId, role }) => {
      if (byOrg.size >= MAX_ORGS && !byOrg.has(orgId)) byOrg.clear();
      let members = byOrg.get(orgId);
      if (!members) byOrg.set(orgId, (members = new Map()));
      members.set(userId, { role, expiresAt: options.clock.now().getTime() + options.ttlMs });
    },
    invalidateOrg: (orgId) => {
      byOrg.delete(orgId);
    },
  };
};
