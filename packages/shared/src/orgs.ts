import { z } from 'zod';
import { defineEndpoint, orgAuth, userAuth } from './contract';
import { isoDateSchema } from './common';
import { currencySchema, fiscalYearStartMonthSchema, timezoneSchema } from './money';
import { planSchema } from './plans';
import { orgRoleSchema } from './roles';
import { playbookKeySchema, stageLabelsSchema } from './stage-labels';

const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'The web address needs at least 3 characters')
  .max(48, 'The web address can have at most 48 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes in the web address');

/** An organisation; `role` is the caller's role in it (null for an API key). */
export const orgSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  role: orgRoleSchema.nullable(),
  memberCount: z.number().int(),
  /** The org's current plan (limits in plans.ts). */
  plan: planSchema,
  /** Money settings: every money figure of the org is in this ISO 4217 currency (minor units). */
  currency: z.string(),
  /** IANA timezone that days, weeks and months of reports follow. */
  timezone: z.string(),
  /** First month (1-12) of the fiscal year. */
  fiscalYearStartMonth: z.number().int(),
  /** The industry playbook it started from (null: made before playbooks, none applied since). */
  playbook: playbookKeySchema.nullable(),
  /** The org's name for each pipeline stage; leads keep the stored stage key. */
  stageLabels: stageLabelsSchema,
  createdAt: isoDateSchema,
  updatedAt: isoDateSchema,
});
export type Org = z.infer<typeof orgSchema>;

export const createOrgInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100),
  /** Derived from the name when left out. */
  slug: slugSchema.optional(),
  /**
   * The industry to start from: sets the AI CEO's persona and tone, the stage names, content
   * themes, finance categories and suggested goals in the same request. Left out: none.
   */
  playbook: playbookKeySchema.optional(),
});
export type CreateOrgInput = z.infer<typeof createOrgInputSchema>;

export const updateOrgInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    slug: slugSchema.optional(),
    currency: currencySchema.optional(),
    timezone: timezoneSchema.optional(),
    fiscalYearStartMonth: fiscalYearStartMonthSchema.optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: 'Change at least one field' });
export type UpdateOrgInput = z.infer<typeof updateOrgInputSchema>;

export const orgParamsSchema = z.object({ orgId: z.uuid() });

/** Kinds of records deleted with an organisation, in the order the confirmation lists them. */
export const orgDeletionItemKinds = [
  'members',
  'invitations',
  'apiKeys',
  'leads',
  'posts',
  'campaigns',
  'transactions',
  'tasks',
  'goals',
  'conversations',
  'integrations',
] as const;
export type OrgDeletionItemKind = (typeof orgDeletionItemKinds)[number];

/** What goes with an organisation when it is deleted: each kind with how many there are now. */
export const orgDeletionPreviewSchema = z.object({
  name: z.string(),
  items: z.array(
    z.object({
      kind: z.enum(orgDeletionItemKinds),
      /** In words for the confirmation ("3 leads"). */
      label: z.string(),
      count: z.number().int(),
    }),
  ),
});
export type OrgDeletionPreview = z.infer<typeof orgDeletionPreviewSchema>;

const tag = 'Organisations';
export const orgEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs',
    summary: 'Create an organisation (you become its owner)',
    tag,
    auth: userAuth,
    body: createOrgInputSchema,
    status: 201,
    response: orgSchema,
    errors: [409],
  }),
  listMine: defineEndpoint({
    method: 'GET',
    path: '/api/orgs',
    summary: 'Organisations you belong to',
    tag,
    auth: userAuth,
    status: 200,
    response: z.object({ items: z.array(orgSchema) }),
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId',
    summary: 'One organisation',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParamsSchema,
    status: 200,
    response: orgSchema,
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId',
    summary: 'Rename, change the slug or the money settings: currency, timezone, fiscal year (admin+)',
    tag,
    auth: orgAuth('admin', null),
    params: orgParamsSchema,
    body: updateOrgInputSchema,
    status: 200,
    response: orgSchema,
    errors: [409],
  }),
  deletionPreview: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/deletion-preview',
    summary: 'What would be deleted with the organisation, with counts (owner)',
    tag,
    auth: orgAuth('owner', null),
    params: orgParamsSchema,
    status: 200,
    response: orgDeletionPreviewSchema,
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId',
    summary: 'Delete the organisation and everything in it (owner)',
    tag,
    auth: orgAuth('owner', null),
    params: orgParamsSchema,
    status: 204,
    response: null,
  }),
};
