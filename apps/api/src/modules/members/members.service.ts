import { canManageMember, grantableRoles, type Member } from '@aiceo/shared/members';
import type { OrgRole } from '@aiceo/shared/roles';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';

export const memberDtoSelect = {
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { email: true, name: true } },
} satisfies Prisma.MembershipSelect;

type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberDtoSelect }>;

const toMemberDto = (row: MemberRow): Member => ({
  userId: row.userId,
  email: row.user.email,
  name: row.user.name,
  role: row.role,
  joinedAt: row.createdAt.toISOString(),
});

/** Owners first, then admins, then members (the enum's declaration order), oldest first. */
export const listMembers = async (
  { db }: { db: Prisma.TransactionClient },
  { orgId }: { orgId: string },
): Promise<Member[]> => {
  const rows = await db.membership.findMany({
    where: { orgId },
    select: memberDtoSelect,
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }, { userId: 'asc' }],
  });
  return rows.map(toMemberDto);
};

type LockedMembers = { ownerCount: number; roleOf(userId: string): OrgRole | undefined };

/**
 * Locks every owner membership of the org plus the given users' rows, and reads them as
 * they are now. Any change that could leave the org without an owner takes this lock
 * first, so two such changes run one after the other and the second sees the first's
 * result. Rows are locked in id order so concurrent callers cannot deadlock.
 */
const lockMemberships = async (
  tx: Prisma.TransactionClient,
  { orgId, userIds }: { orgId: string; userIds: string[] },
): Promise<LockedMembers> => {
  const ids = Prisma.join(userIds.map((id) => Prisma.sql`${id}::uuid`));
  const rows = await tx.$queryRaw<{ userId: string; role: OrgRole }[]>`
    SELECT "userId"::text AS "userId", "role"::text AS "role" FROM "Membership"
    WHERE "orgId" = ${orgId}::uuid AND ("role" = 'owner' OR "userId" IN (${ids}))
    ORDER BY "id" FOR UPDATE`;
  return {
    ownerCount: rows.filter((row) => row.role === 'owner').length,
    roleOf: (userId) => rows.find((row) => row.userId === userId)?.role,
  };
};

/** The actor's and the target's current roles; the actor's guard-time role may be stale by now. */
const rolesOf = (locked: LockedMembers, { actorId, userId }: { actorId: string; userId: string }) => {
  const actor = locked.roleOf(actorId);
  if (!actor) throw notFound('Organisation');
  const target = locked.roleOf(userId);
  if (!target) throw notFound('Member');
  return { actor, target };
};

const assertCanManage = (actor: OrgRole, target: OrgRole): void => {
  if (canManageMember(actor, target)) return;
  if (actor === 'member') throw new AppError('FORBIDDEN', 'Only admins and owners can change or remove other members');
  throw new AppError(
    'FORBIDDEN',
    target === 'owner'
      ? 'Only an owner can change or remove an owner'
      : 'Admins can only change or remove members below admin',
  );
};

const lastOwner = (message: string) => new AppError('CONFLICT', message);

type MemberOptions = { orgId: string; actorId: string; userId: string };

export const updateMemberRole = async (
  { db, clock, orgAccessCache }: Pick<Deps, 'db' | 'clock' | 'orgAccessCache'>,
  { orgId, actorId, userId, role }: MemberOptions & { role: OrgRole },
): Promise<Member> => {
  const member = await db.$transaction(async (tx) => {
    const locked = await lockMemberships(tx, { orgId, userIds: [actorId, userId] });
    const { actor, target } = rolesOf(locked, { actorId, userId });
    assertCanManage(actor, target);
    if (!grantableRoles(actor).includes(role)) throw new AppError('FORBIDDEN', 'Only an owner can make owners');
    if (target === 'owner' && role !== 'owner' && locked.ownerCount <= 1) {
      throw lastOwner('The last owner cannot be demoted; make another member owner first');
    }
    const member = await tx.membership.update({
      where: { orgId_userId: { orgId, userId } },
      data: { role, updatedAt: clock.now() },
      select: memberDtoSelect,
    });
    return toMemberDto(member);
  });
  // After the commit, so a concurrent request cannot cache the old role again.
  orgAccessCache.invalidateOrg(orgId);
  return member;
};

/** Removes a member, or (when `userId` is the actor) leaves the org. */
export const removeMember = async (
  { db, orgAccessCache }: Pick<Deps, 'db' | 'orgAccessCache'>,
  { orgId, actorId, userId }: MemberOptions,
): Promise<void> => {
  await db.$transaction(async (tx) => {
    const locked = await lockMemberships(tx, { orgId, userIds: [actorId, userId] });
    const { actor, target } = rolesOf(locked, { actorId, userId });
    const isLeaving = actorId === userId;
    if (!isLeaving) assertCanManage(actor, target);
    if (target === 'owner' && locked.ownerCount <= 1) {
      throw lastOwner(
        isLeaving
          ? 'You are the last owner: transfer ownership or delete the organisation before leaving'
          : 'The last owner cannot be removed',
      );
    }
    await tx.membership.delete({ where: { orgId_userId: { orgId, userId } }, select: { id: true } });
  });
  orgAccessCache.invalidateOrg(orgId);
};

/** The target becomes an owner and the caller steps down to admin. */
export const transferOwnership = async (
  { db, clock, orgAccessCache }: Pick<Deps, 'db' | 'clock' | 'orgAccessCache'>,
  { orgId, actorId, userId }: MemberOptions,
): Promise<Member[]> => {
  if (actorId === userId) {
    throw new AppError('VALIDATION_FAILED', 'Choose another member than yourself', {
      issues: [{ location: 'body', path: 'userId', message: 'Choose another member than yourself' }],
    });
  }
  const members = await db.$transaction(async (tx) => {
    const locked = await lockMemberships(tx, { orgId, userIds: [actorId, userId] });
    const { actor } = rolesOf(locked, { actorId, userId });
    if (actor !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can transfer ownership');
    const now = clock.now();
    await tx.membership.update({
      where: { orgId_userId: { orgId, userId } },
      data: { role: 'owner', updatedAt: now },
      select: { id: true },
    });
    await tx.membership.update({
      where: { orgId_userId: { orgId, userId: actorId } },
      data: { role: 'admin', updatedAt: now },
      select: { id: true },
    });
    return listMembers({ db: tx }, { orgId });
  });
  orgAccessCache.invalidateOrg(orgId);
  return members;
};
