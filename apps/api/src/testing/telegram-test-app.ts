import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { startLocalTelegram } from '@aiceo/stand-ins/telegram/embedded';
import type { TelegramStandIn } from '@aiceo/stand-ins/telegram/stand-in';
import { createApp } from '../app';
import type { Deps } from '../deps';
import { createLogger } from '../lib/logger';
import { createDeps } from '../runtime';
import { createTestContext, testEnv, type TestContext } from './test-app';
import { settleTelegramUpdates } from '../modules/telegram/telegram-inbox';
import { startTelegramUpdates } from '../modules/telegram/telegram-updates';

/**
 * The app on a real port with the local Telegram stand-in beside it, as in development: the app
 * registers its webhook (with its secret) at the stand-in, and the stand-in's users' messages
 * reach the app's webhook. Tests (not part of the app's runtime).
 */

export const WEBHOOK_SECRET = 'telegram-test-webhook-secret';

export type TelegramInstance = { deps: Deps; app: Express; server: http.Server; webhookUrl: string };

export type TelegramTestApp = {
  t: TestContext;
  standIn: TelegramStandIn;
  /** This app's own webhook address. */
  webhookUrl: string;
  /** Waits until every update this app (and any extra instance) started handling is done. */
  settle(): Promise<void>;
  /** Another API instance over the SAME database and bot (same secret), on its own port. */
  addInstance(): Promise<TelegramInstance>;
  close(): Promise<void>;
};

const listen = (server: http.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const closeServer = (server: http.Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

export const startTelegramTestApp = async (): Promise<TelegramTestApp> => {
  const standIn = await startLocalTelegram();
  // Listening first, so the webhook URL the app registers names its real port.
  const server = http.createServer();
  const port = await listen(server);
  const webhookUrl = `http://127.0.0.1:${port}/api/telegram/webhook`;
  const env = {
    TELEGRAM_BOT_TOKEN: standIn.token,
    TELEGRAM_API_ROOT: standIn.url,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    TELEGRAM_WEBHOOK_URL: webhookUrl,
  };
  const t = await createTestContext({ env });
  server.on('request', t.app);
  const updates = await startTelegramUpdates(t.deps);
  const extra: TelegramInstance[] = [];
  return {
    t,
    standIn,
    webhookUrl,
    settle: async () => {
      await Promise.all([t.deps, ...extra.map((instance) => instance.deps)].map((deps) => settleTelegramUpdates(deps)));
    },
    addInstance: async () => {
      const other = http.createServer();
      const otherPort = await listen(other);
      const otherUrl = `http://127.0.0.1:${otherPort}/api/telegram/webhook`;
      const deps = createDeps({
        env: testEnv({ ...env, TELEGRAM_WEBHOOK_URL: otherUrl }),
        database: t.testDb.database,
        log: createLogger({ level: 'silent' }),
        clock: t.clock,
      });
      const app = express().disable('x-powered-by').use(createApp(deps));
      other.on('request', app);
      const instance = { deps, app, server: other, webhookUrl: otherUrl };
      extra.push(instance);
      return instance;
    },
    close: async () => {
      await updates.stop();
      for (const instance of extra) {
        await settleTelegramUpdates(instance.deps);
        await closeServer(instance.server);
      }
      await closeServer(server);
      await standIn.close();
      await t.close();
    },
  };
};
