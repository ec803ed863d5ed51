import { Router } from 'express';
import type { Deps } from '../../deps';

// Registered by the integrator; H3 fills it.
export const playbooksRoutes = (_deps: Deps): Router => Router();
