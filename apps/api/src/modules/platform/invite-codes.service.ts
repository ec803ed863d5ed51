import { randomBytes } from 'node:crypto';
import type { CreateInviteCodeInput, InviteCode } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';

const DAY_MS = 24 * 60 * 60 * 1000;
// 32 symbols without look-alikes (0/O, 1/I): 5 bits each, so `byte & 31` picks one without bias.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_GROUPS = 3;
const GROUP_LENGTH = 4;

/** Like `K7QF-M2XC-9RTA`: 60 random bits, easy to read aloud and type. */
export const randomInviteCode = (): string => {
  const symbols = [...randomBytes(CODE_GROUPS * GROUP_LENGTH)].map((byte) => CODE_ALPHABET[byte & 31]).join('');
  return Array.from({ length: CODE_GROUPS }, (_, i) => symbols.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH)).join(
    '-',
  );
};

const inviteCodeSelect = {
  id: true,
  code: true,
  note: true,
  maxUses: true,
  usedCount: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
} as const satisfies Prisma.InviteCodeSelect;
type InviteCodeRow = Prisma.InviteCodeGetPayload<{ select: typeof inviteCodeSelect }>;

const statusOf = (row: InviteCodeRow, now: Date): InviteCode['status'] => {
  if (row.revokedAt) return 'revoked';
  if (row.usedCount >= row.maxUses) return 'used_up';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'active';
};

const toInviteCodeDto = (row: InviteCodeRow, now: Date): InviteCode => {
  const status = statusOf(row, now);
  return {
    ...row,
    status,
    usesRemaining: status === 'active' ? row.maxUses - row.usedCount : 0,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
};

export const createInviteCode = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { input, createdById }: { input: CreateInviteCodeInput; createdById: string },
): Promise<InviteCode> => {
  const now = clock.now();
  const code = input.code ?? randomInviteCode();
  try {
    const row = await db.inviteCode.create({
      data: {
        code,
        maxUses: input.maxUses,
        note: input.note || null,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
        createdById,
        createdAt: now,
      },
      select: inviteCodeSelect,
    });
    return toInviteCodeDto(row, now);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('ALREADY_EXISTS', `The invite code ${code} already exists`);
    }
    throw error;
  }
};

export const listInviteCodes = async ({ db, clock }: Pick<Deps, 'db' | 'clock'>): Promise<{ items: InviteCode[] }> => {
  const now = clock.now();
  const rows = await db.inviteCode.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: inviteCodeSelect,
  });
  return { items: rows.map((row) => toInviteCodeDto(row, now)) };
};

/** Idempotent: revoking a revoked code keeps its first revocation time. */
export const revokeInviteCode = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { codeId }: { codeId: string },
): Promise<void> => {
  const revoked = await db.inviteCode.updateMany({
    where: { id: codeId, revokedAt: null },
    data: { revokedAt: clock.now() },
  });
  if (revoked.count > 0) return;
  const exists = await db.inviteCode.findUnique({ where: { id: codeId }, select: { id: true } });
  if (!exists) throw notFound('Invite code');
};
