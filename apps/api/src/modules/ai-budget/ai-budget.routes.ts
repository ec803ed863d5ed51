import { Router } from 'express';
import type { Deps } from '../../deps';

// Registered by the integrator; H5 fills it.
export const aiBudgetRoutes = (_deps: Deps): Router => Router();
