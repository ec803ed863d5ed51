import type { PageQuery } from '@aiceo/shared/common';
import type { AdminUser, OutboxMail, PlatformSettings } from '@aiceo/shared/platform';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { isPrivateMode, PLATFORM_SETTINGS_ID } from '../../lib/platform-settings';
import { toPage, type Page } from '../../lib/pagination';

export const listUsers = async (
  { db }: Pick<Deps, 'db'>,
  { query }: { query: PageQuery & { search?: string } },
): Promise<Page<AdminUser>> => {
  const where: Prisma.UserWhereInput = {
    ...(query.cursor ? { id: { gt: query.cursor } } : {}),
    ...(query.search
      ? {
          OR: [
            { email: { contains: query.search, mode: 'insensitive' } },
            { name: { contains: query.search, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const rows = await db.user.findMany({
    where,
    orderBy: { id: 'asc' },
    take: query.limit + 1,
    select: {
      id: true,
      email: true,
      name: true,
      isPlatformAdmin: true,
      createdAt: true,
      _count: { select: { memberships: true } },
    },
  });
  return toPage(rows, query.limit, ({ _count, createdAt, ...user }) => ({
    ...user,
    orgCount: _count.memberships,
    createdAt: createdAt.toISOString(),
  }));
};

export const getPlatformSettings = async ({ db, env }: Pick<Deps, 'db' | 'env'>): Promise<PlatformSettings> => ({
  privateMode: await isPrivateMode({ env, db }),
  privateModeForcedByEnv: env.PRIVATE_MODE,
});

/** Stores the switch; while env PRIVATE_MODE is true the answer still says private. */
export const updatePlatformSettings = async (
  { db, env }: Pick<Deps, 'db' | 'env'>,
  { input }: { input: { privateMode: boolean } },
): Promise<PlatformSettings> => {
  await db.platformSettings.upsert({
    where: { id: PLATFORM_SETTINGS_ID },
    create: { id: PLATFORM_SETTINGS_ID, privateMode: input.privateMode },
    update: { privateMode: input.privateMode },
    select: { id: true },
  });
  return getPlatformSettings({ db, env });
};

/** Newest first; the cursor is the id of the last mail of the previous page. */
export const listOutbox = async (
  { db }: Pick<Deps, 'db'>,
  { query }: { query: PageQuery },
): Promise<Page<OutboxMail>> => {
  const rows = await db.mailOutbox.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    take: query.limit + 1,
    select: {
      id: true,
      to: true,
      subject: true,
      text: true,
      transport: true,
      sentAt: true,
      error: true,
      createdAt: true,
    },
  });
  return toPage(rows, query.limit, (mail) => ({
    ...mail,
    sentAt: mail.sentAt?.toISOString() ?? null,
    createdAt: mail.createdAt.toISOString(),
  }));
};
