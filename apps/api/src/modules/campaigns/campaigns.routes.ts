import { Router } from 'express';
import type { Deps } from '../../deps';

export const campaignsRoutes = (_deps: Deps): Router => Router();
