import { Router } from 'express';
import type { Deps } from '../../deps';

/** The approval inbox and its auto-approve rules. GROUNDWORK STUB: the approvals module mounts the endpoints. */
export const approvalsRoutes = (_deps: Deps): Router => Router();
