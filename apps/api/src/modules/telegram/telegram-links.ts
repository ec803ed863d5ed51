import { createHash } from 'node:crypto';
import {
  DEFAULT_TELEGRAM_NOTIFICATIONS,
  telegramNotificationPrefsSchema,
  type TelegramNotificationPrefs,
} from '@aiceo/shared/telegram';
import type { Prisma } from '../../generated/prisma/client';

/** The SHA-256 of a /start token: the only form of it the database keeps. */
export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A link's stored notification choices, with any kind added since the link was made switched on. */
export const notificationPrefsOf = (value: Prisma.JsonValue): TelegramNotificationPrefs => {
  const parsed = telegramNotificationPrefsSchema.partial().safeParse(value);
  return { ...DEFAULT_TELEGRAM_NOTIFICATIONS, ...(parsed.success ? parsed.data : {}) };
};
