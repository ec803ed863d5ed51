import { Router } from 'express';
import type { Deps } from '../../deps';

/** Attribution: lead touches, payments matched to leads, revenue by source. */
export const attributionRoutes = (_deps: Deps): Router => Router();
