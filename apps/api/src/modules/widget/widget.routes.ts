import { Router } from 'express';
import type { Deps } from '../../deps';

/** The owner's side of the website chat: settings, keys and the conversations inbox. */
export const widgetRoutes = (_deps: Deps): Router => Router();
