import { Router } from 'express';
import type { Deps } from '../../deps';

export const financeReportsRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
