import { Router } from 'express';
import { docsEndpoints } from '@aiceo/shared/docs';
import type { Deps } from '../../deps';
import { mountEndpoint } from '../../http/endpoint';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './openapi';

/** Both are built once, when the app is made: the contract cannot change while it runs. */
export const docsRoutes = (deps: Deps): Router => {
  const router = Router();
  const document = buildOpenApiDocument({ version: deps.version });
  const page = renderDocsPage(document);
  mountEndpoint(router, deps, docsEndpoints.openapi, () => document);
  mountEndpoint(router, deps, docsEndpoints.docs, ({ res }) => {
    res.type('html').send(page);
  });
  return router;
};
