import { Router } from 'express';
import type { Deps } from '../../deps';

export const financeStripeRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
