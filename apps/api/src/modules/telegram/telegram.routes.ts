import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request } from 'express';
import type { Update } from 'grammy/types';
import { telegramEndpoints } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { userIdOrNull, type Auth, type OrgAccess } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { TELEGRAM_NOT_CONFIGURED } from '../../lib/telegram';
import { receiveTelegramUpdate } from './telegram-inbox';
import {
  createTelegramLink,
  getTelegramStatus,
  listTelegramMessages,
  unlinkTelegram,
  updateTelegramNotifications,
} from './telegram.service';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent.
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

/**
 * No bot is 503 and a wrong secret 401. Checked after the body's shape (public in the OpenAPI
 * document, so a 400 tells a stranger nothing) and before anything is stored.
 */
const checkWebhookCaller = (deps: Deps, req: Request): void => {
  const config = deps.telegram.config;
  if (!config) throw new AppError('UNAVAILABLE', TELEGRAM_NOT_CONFIGURED);
  const given = req.headers[SECRET_HEADER];
  if (typeof given !== 'string' || !sameSecret(given, config.webhookSecret))
    throw new AppError('UNAUTHENTICATED', 'Missing or wrong X-Telegram-Bot-Api-Secret-Token header');
};

/** The SPA's Telegram settings and Telegram's webhook. */
export const telegramRoutes = (deps: Deps): Router => {
  const router = Router();
  const caller = ({ org, auth }: { org: OrgAccess; auth: Auth }) => ({
    orgId: org.orgId,
    userId: userIdOrNull(auth),
    role: org.role,
  });
  mountEndpoint(router, deps, telegramEndpoints.status, (ctx) => getTelegramStatus(deps, caller(ctx)));
  mountEndpoint(router, deps, telegramEndpoints.createLink, (ctx) => createTelegramLink(deps, caller(ctx)));
  mountEndpoint(router, deps, telegramEndpoints.unlink, (ctx) => unlinkTelegram(deps, caller(ctx)));
  mountEndpoint(router, deps, telegramEndpoints.updateNotifications, (ctx) =>
    updateTelegramNotifications(deps, { ...caller(ctx), prefs: ctx.body }),
  );
  mountEndpoint(router, deps, telegramEndpoints.messages, ({ org, query }) =>
    listTelegramMessages(deps, { orgId: org.orgId, query }),
  );
  mountEndpoint(router, deps, telegramEndpoints.webhook, async ({ body, req }) => {
    checkWebhookCaller(deps, req);
    const { duplicate } = await receiveTelegramUpdate(deps, body as unknown as Update);
    return { ok: true as const, duplicate };
  });
  return router;
};
