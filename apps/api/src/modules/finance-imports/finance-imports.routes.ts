import { Router } from 'express';
import { financeImportEndpoints } from '@aiceo/shared/finance-imports';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import {
  commitFinanceImport,
  createFinanceImport,
  getFinanceImport,
  listFinanceImports,
  previewFinanceImport,
} from './finance-imports.service';

// JSON carrying up to 10 MB of file as base64 (4/3 of it) plus the other fields.
const UPLOAD_BODY_LIMIT = '14mb';

export const financeImportsRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(router, deps, financeImportEndpoints.list, ({ org }) => listFinanceImports(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, financeImportEndpoints.get, ({ org, params }) =>
    getFinanceImport(deps, { orgId: org.orgId, importId: params.importId }),
  );
  mountEndpoint(router, deps, financeImportEndpoints.preview, ({ org, params, body }) =>
    previewFinanceImport(deps, { orgId: org.orgId, importId: params.importId, mapping: body.mapping }),
  );
  mountEndpoint(router, deps, financeImportEndpoints.commit, ({ org, auth, params, body }) =>
    commitFinanceImport(deps, { orgId: org.orgId, importId: params.importId, input: body, userId: userIdOrNull(auth) }),
  );
  return router;
};

/**
 * The statement upload (up to 10 MB as base64), with its own body limit, read after auth and the
 * org guard so only an admin of the org gets a large body read; mounted before the app's JSON parser.
 */
export const financeImportUploadRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(
    router,
    deps,
    financeImportEndpoints.create,
    ({ org, auth, body }) =>
      createFinanceImport(deps, {
        orgId: org.orgId,
        createdById: userIdOrNull(auth),
        fileName: body.fileName,
        contentBase64: body.contentBase64,
        ...(body.accountId ? { accountId: body.accountId } : {}),
      }),
    { bodyLimit: UPLOAD_BODY_LIMIT },
  );
  return router;
};
