import { Router } from 'express';
import type { Deps } from '../../deps';

export const financeImportsRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};

/** The statement upload (up to 10 MB as base64), with its own body limit; mounted before the app's JSON parser. */
export const financeImportUploadRoutes = (_deps: Deps): Router => {
  const router = Router();
  return router;
};
