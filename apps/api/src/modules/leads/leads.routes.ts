import { Router } from 'express';
import type { Deps } from '../../deps';

export const leadsRoutes = (_deps: Deps): Router => Router();
