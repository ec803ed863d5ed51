import { Router } from 'express';
import type { Deps } from '../../deps';

export const platformRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
