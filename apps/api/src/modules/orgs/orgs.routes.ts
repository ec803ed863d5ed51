import { Router } from 'express';
import type { Deps } from '../../deps';

export const orgsRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
