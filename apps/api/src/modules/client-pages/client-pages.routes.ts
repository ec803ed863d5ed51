import { Router } from 'express';
import type { Deps } from '../../deps';

// Stub: the endpoints are mounted here as they are built.
export const clientPagesRoutes = (_deps: Deps): Router => Router();
