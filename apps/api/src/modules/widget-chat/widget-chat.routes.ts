import { Router } from 'express';
import type { Deps } from '../../deps';

/** The website chat's public endpoints, called by widget.js on the owner's site. */
export const widgetChatRoutes = (_deps: Deps): Router => Router();
