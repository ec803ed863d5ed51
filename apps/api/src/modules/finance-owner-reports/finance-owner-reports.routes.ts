import { Router } from 'express';
import type { Deps } from '../../deps';

export const financeOwnerReportsRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
