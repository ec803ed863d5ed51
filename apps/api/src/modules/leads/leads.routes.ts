import { Router } from 'express';
import { leadEndpoints } from '@aiceo/shared/leads';
import type { Deps } from '../../deps';
import { userIdOrNull } from '../../http/auth-context';
import { mountEndpoint } from '../../http/endpoint';
import { commitLeadImport, createLeadImport, exportLeadsCsv, previewLeadImport } from './lead-imports.service';
import {
  createActivity,
  createLead,
  createMeeting,
  deleteLead,
  deleteMeeting,
  getLead,
  getLeadPipeline,
  listActivities,
  listLeads,
  listMeetings,
  updateLead,
  updateMeeting,
} from './leads.service';

// JSON carrying up to 10 MB of CSV text plus its escaping, or 10 MB of bytes as base64.
const IMPORT_BODY_LIMIT = '14mb';

/**
 * The CSV upload, with its own larger body parser (after auth and the org guard, so only a
 * member of the org gets a large body read). It must be mounted BEFORE the app's general
 * `express.json`, which stops at BODY_LIMIT.
 */
export const leadImportUploadRoutes = (deps: Deps): Router => {
  const router = Router();
  mountEndpoint(
    router,
    deps,
    leadEndpoints.createImport,
    ({ org, auth, body }) =>
      createLeadImport(deps, {
        orgId: org.orgId,
        createdBy: userIdOrNull(auth),
        fileName: body.fileName,
        ...(body.csv === undefined ? {} : { csv: body.csv }),
        ...(body.contentBase64 === undefined ? {} : { contentBase64: body.contentBase64 }),
      }),
    { bodyLimit: IMPORT_BODY_LIMIT },
  );
  return router;
};

export const leadsRoutes = (deps: Deps): Router => {
  const router = Router();
  // Fixed paths before `/:leadId`, which would otherwise take them as (invalid) ids.
  mountEndpoint(router, deps, leadEndpoints.list, ({ org, query }) => listLeads(deps, { orgId: org.orgId, query }));
  mountEndpoint(router, deps, leadEndpoints.pipeline, ({ org }) => getLeadPipeline(deps, { orgId: org.orgId }));
  mountEndpoint(router, deps, leadEndpoints.export, async ({ org, query, res }) => {
    const lines = exportLeadsCsv(deps, { orgId: org.orgId, filter: query });
    // The first page is read before any header goes out, so an early failure still gets the JSON error envelope.
    const first = await lines.next();
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="leads.csv"');
    if (!first.done) res.write(first.value);
    for await (const chunk of lines) {
      // A client that went away stops the export instead of waiting for a drain that never comes.
      if (res.destroyed) break;
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  });
  mountEndpoint(router, deps, leadEndpoints.create, ({ org, body }) =>
    createLead(deps, { orgId: org.orgId, input: body }),
  );
  mountEndpoint(router, deps, leadEndpoints.previewImport, ({ org, params, body }) =>
    previewLeadImport(deps, { orgId: org.orgId, importId: params.importId, mapping: body.mapping }),
  );
  mountEndpoint(router, deps, leadEndpoints.commitImport, ({ org, params, body }) =>
    commitLeadImport(deps, { orgId: org.orgId, importId: params.importId, mapping: body.mapping }),
  );
  mountEndpoint(router, deps, leadEndpoints.get, ({ org, params }) =>
    getLead(deps, { orgId: org.orgId, leadId: params.leadId }),
  );
  mountEndpoint(router, deps, leadEndpoints.update, ({ org, params, body }) =>
    updateLead(deps, { orgId: org.orgId, leadId: params.leadId, input: body }),
  );
  mountEndpoint(router, deps, leadEndpoints.remove, ({ org, params }) =>
    deleteLead(deps, { orgId: org.orgId, leadId: params.leadId }),
  );
  mountEndpoint(router, deps, leadEndpoints.listActivities, ({ org, params }) =>
    listActivities(deps, { orgId: org.orgId, leadId: params.leadId }),
  );
  mountEndpoint(router, deps, leadEndpoints.createActivity, ({ org, auth, params, body }) =>
    createActivity(deps, { orgId: org.orgId, leadId: params.leadId, actorId: userIdOrNull(auth), input: body }),
  );
  mountEndpoint(router, deps, leadEndpoints.listMeetings, ({ org, params }) =>
    listMeetings(deps, { orgId: org.orgId, leadId: params.leadId }),
  );
  mountEndpoint(router, deps, leadEndpoints.createMeeting, ({ org, params, body }) =>
    createMeeting(deps, { orgId: org.orgId, leadId: params.leadId, input: body }),
  );
  mountEndpoint(router, deps, leadEndpoints.updateMeeting, ({ org, params, body }) =>
    updateMeeting(deps, { orgId: org.orgId, leadId: params.leadId, meetingId: params.meetingId, input: body }),
  );
  mountEndpoint(router, deps, leadEndpoints.removeMeeting, ({ org, params }) =>
    deleteMeeting(deps, { orgId: org.orgId, leadId: params.leadId, meetingId: params.meetingId }),
  );
  return router;
};
