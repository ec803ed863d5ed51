import { randomBytes } from 'node:crypto';
import bcrypt from 'bcrypt';
import type { OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../deps';

let counter = 0;
/** A unique email per call, so tests in one database never collide. */
export const uniqueEmail = (label = 'user'): string =>
  `${label}-${++counter}-${randomBytes(3).toString('hex')}@example.test`;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export type SeededUser = { id: string; email: string; name: string; password: string; token: string };

/** A user straight in the database, with a valid access token. */
export const seedUser = async (
  deps: Deps,
  options: { email?: string; name?: string; password?: string; isPlatformAdmin?: boolean } = {},
): Promise<SeededUser> => {
  const password = options.password ?? 'correct horse battery';
  const email = options.email ?? uniqueEmail();
  const user = await deps.db.user.create({
    data: {
      email,
      name: options.name ?? 'Test User',
      passwordHash: await bcrypt.hash(password, 4),
      isPlatformAdmin: options.isPlatformAdmin ?? false,
    },
    select: { id: true, email: true, name: true, isPlatformAdmin: true, sessionVersion: true },
  });
  const { sessionVersion, ...seeded } = user;
  const { token } = deps.tokens.issue({ userId: user.id, isPlatformAdmin: user.isPlatformAdmin, sessionVersion });
  return { ...seeded, password, token };
};

export type SeededOrg = { id: string; name: string; slug: string; owner: SeededUser };

/** An organisation with an owner (made when not given). */
export const seedOrg = async (deps: Deps, options: { owner?: SeededUser; name?: string } = {}): Promise<SeededOrg> => {
  const owner = options.owner ?? (await seedUser(deps, { name: 'Owner' }));
  const name = options.name ?? `Org ${++counter}`;
  const org = await deps.db.organization.create({
    data: {
      name,
      slug: `org-${counter}-${randomBytes(3).toString('hex')}`,
      memberships: { create: { userId: owner.id, role: 'owner' } },
    },
    select: { id: true, name: true, slug: true },
  });
  return { ...org, owner };
};

/** Adds a (new, unless given) user to an org with a role. */
export const addMember = async (
  deps: Deps,
  options: { orgId: string; role: OrgRole; user?: SeededUser },
): Promise<SeededUser> => {
  const user = options.user ?? (await seedUser(deps, { name: `A ${options.role}` }));
  await deps.db.membership.create({ data: { orgId: options.orgId, userId: user.id, role: options.role } });
  return user;
};
