import { Router } from 'express';
import type { Deps } from '../../deps';

/** The SPA's Telegram settings and Telegram's webhook (being built). */
export const telegramRoutes = (_deps: Deps): Router => Router();
