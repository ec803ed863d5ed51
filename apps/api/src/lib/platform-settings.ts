import type { Env } from '../config/env';
import type { Prisma } from '../generated/prisma/client';

/** The PlatformSettings table holds one row; while it is absent the defaults apply. */
export const PLATFORM_SETTINGS_ID = 1;

/** Invite-only signup: forced by env PRIVATE_MODE, otherwise the admin switch. */
export const isPrivateMode = async ({
  env,
  db,
}: {
  env: Env;
  db: Pick<Prisma.TransactionClient, 'platformSettings'>;
}): Promise<boolean> => {
  if (env.PRIVATE_MODE) return true;
  const settings = await db.platformSettings.findUnique({
    where: { id: PLATFORM_SETTINGS_ID },
    select: { privateMode: true },
  });
  return settings?.privateMode ?? false;
};
