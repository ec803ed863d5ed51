import { Router } from 'express';
import type { Deps } from '../../deps';

// Registered by the integrator; H2 fills it.
export const onboardingRoutes = (_deps: Deps): Router => Router();
