import { Router } from 'express';
import type { Deps } from '../../deps';

export const contentRoutes = (_deps: Deps): Router => Router();
