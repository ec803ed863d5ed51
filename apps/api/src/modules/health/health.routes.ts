import { Router } from 'express';
import { healthEndpoints } from '@aiceo/shared/health';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { getHealth } from './health.service';

export const healthRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, healthEndpoints.live, () => ({ status: 'ok' as const }));
  mountEndpoint(router, deps, healthEndpoints.health, async ({ res }) => {
    const health = await getHealth(deps);
    if (health.status !== 'ok') res.status(503).json(health);
    return health;
  });
  return router;
};
