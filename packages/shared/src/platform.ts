import { z } from 'zod';
import { defineEndpoint, platformAdminAuth } from './contract';
import { isoDateSchema, pageQuerySchema, pageSchema } from './common';
import { planSchema } from './plans';

export const adminUserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  orgCount: z.number().int(),
  createdAt: isoDateSchema,
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const listAdminUsersQuerySchema = pageQuerySchema.extend({ search: z.string().trim().max(100).optional() });

export const platformSettingsSchema = z.object({
  privateMode: z.boolean(),
  /** True when PRIVATE_MODE=true in the environment; the switch cannot turn it off. */
  privateModeForcedByEnv: z.boolean(),
});
export type PlatformSettings = z.infer<typeof platformSettingsSchema>;
export const updatePlatformSettingsInputSchema = z.object({ privateMode: z.boolean() });

export const inviteCodeStatuses = ['active', 'used_up', 'expired', 'revoked'] as const;
export const inviteCodeSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  note: z.string().nullable(),
  maxUses: z.number().int(),
  usedCount: z.number().int(),
  /** Signups this code still admits: 0 unless `status` is `active`. */
  usesRemaining: z.number().int(),
  /** `revoked` wins over `used_up`, which wins over `expired`. */
  status: z.enum(inviteCodeStatuses),
  expiresAt: isoDateSchema.nullable(),
  revokedAt: isoDateSchema.nullable(),
  createdAt: isoDateSchema,
});
export type InviteCode = z.infer<typeof inviteCodeSchema>;

export const createInviteCodeInputSchema = z.object({
  maxUses: z.number().int().min(1).max(10_000).default(1),
  /** Days until the code stops working; no expiry when left out. */
  expiresInDays: z.number().int().min(1).max(365).optional(),
  note: z.string().trim().max(200).optional(),
  /** A memorable code of your own (stored upper-case; codes match case-insensitively); random when left out. */
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{6,64}$/, 'Use 6-64 letters, digits or dashes')
    .toUpperCase()
    .optional(),
});
export type CreateInviteCodeInput = z.infer<typeof createInviteCodeInputSchema>;

export const outboxMailSchema = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  transport: z.string(),
  sentAt: isoDateSchema.nullable(),
  error: z.string().nullable(),
  createdAt: isoDateSchema,
});
export type OutboxMail = z.infer<typeof outboxMailSchema>;

/** The plan a platform admin sets by hand (while Stripe is not configured). */
export const updateOrgPlanInputSchema = z.object({ plan: planSchema });
export type UpdateOrgPlanInput = z.infer<typeof updateOrgPlanInputSchema>;
export const adminOrgPlanSchema = z.object({ orgId: z.uuid(), plan: planSchema });
export type AdminOrgPlan = z.infer<typeof adminOrgPlanSchema>;

const tag = 'Platform admin';
export const platformEndpoints = {
  listUsers: defineEndpoint({
    method: 'GET',
    path: '/api/admin/users',
    summary: 'All users',
    tag,
    auth: platformAdminAuth,
    query: listAdminUsersQuerySchema,
    status: 200,
    response: pageSchema(adminUserSchema),
  }),
  getSettings: defineEndpoint({
    method: 'GET',
    path: '/api/admin/settings',
    summary: 'Platform switches',
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: platformSettingsSchema,
  }),
  updateSettings: defineEndpoint({
    method: 'PATCH',
    path: '/api/admin/settings',
    summary: 'Turn private (invite-only) mode on or off',
    tag,
    auth: platformAdminAuth,
    body: updatePlatformSettingsInputSchema,
    status: 200,
    response: platformSettingsSchema,
  }),
  listInviteCodes: defineEndpoint({
    method: 'GET',
    path: '/api/admin/invite-codes',
    summary: 'Invite codes',
    tag,
    auth: platformAdminAuth,
    status: 200,
    response: z.object({ items: z.array(inviteCodeSchema) }),
  }),
  createInviteCode: defineEndpoint({
    method: 'POST',
    path: '/api/admin/invite-codes',
    summary: 'Create an invite code',
    tag,
    auth: platformAdminAuth,
    body: createInviteCodeInputSchema,
    status: 201,
    response: inviteCodeSchema,
    errors: [409],
  }),
  revokeInviteCode: defineEndpoint({
    method: 'DELETE',
    path: '/api/admin/invite-codes/:codeId',
    summary: 'Revoke an invite code',
    tag,
    auth: platformAdminAuth,
    params: z.object({ codeId: z.uuid() }),
    status: 204,
    response: null,
  }),
  listOutbox: defineEndpoint({
    method: 'GET',
    path: '/api/admin/outbox',
    summary: 'Mail written to the outbox (newest first)',
    tag,
    auth: platformAdminAuth,
    query: pageQuerySchema,
    status: 200,
    response: pageSchema(outboxMailSchema),
  }),
  updateOrgPlan: defineEndpoint({
    method: 'PATCH',
    path: '/api/admin/orgs/:orgId/plan',
    summary: "Set an organisation's plan by hand",
    tag,
    auth: platformAdminAuth,
    params: z.object({ orgId: z.uuid() }),
    body: updateOrgPlanInputSchema,
    status: 200,
    response: adminOrgPlanSchema,
    errors: [404],
  }),
};
