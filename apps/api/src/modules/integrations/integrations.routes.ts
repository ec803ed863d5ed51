import { Router } from 'express';
import type { Deps } from '../../deps';

export const integrationsRoutes = (_deps: Deps): Router => Router();
