import { z } from 'zod';
import { defineEndpoint, orgAuth, publicAuth, userAuth } from './contract';
import { emailSchema, isoDateSchema } from './common';
import { orgSchema } from './orgs';
import { orgRoleSchema, orgRoles, type OrgRole } from './roles';

export const memberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: orgRoleSchema,
  joinedAt: isoDateSchema,
});
export type Member = z.infer<typeof memberSchema>;

/**
 * Whether a member with role `actor` may change the role of, or remove, another member
 * whose role is `target`: owners may touch anyone, admins only plain members.
 */
export const canManageMember = (actor: OrgRole, target: OrgRole): boolean =>
  actor === 'owner' || (actor === 'admin' && target === 'member');

/** Roles a member with role `actor` may grant: owners any, admins up to admin, members none. */
export const grantableRoles = (actor: OrgRole): readonly OrgRole[] =>
  actor === 'owner' ? orgRoles : actor === 'admin' ? ['member', 'admin'] : [];

export const memberParamsSchema = z.object({ orgId: z.uuid(), userId: z.uuid() });
export const updateMemberInputSchema = z.object({ role: orgRoleSchema });
export type UpdateMemberInput = z.infer<typeof updateMemberInputSchema>;

export const transferOwnershipInputSchema = z.object({ userId: z.uuid() });
export type TransferOwnershipInput = z.infer<typeof transferOwnershipInputSchema>;

export const invitationStatuses = ['pending', 'accepted', 'revoked', 'expired'] as const;
export const invitationSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: orgRoleSchema,
  status: z.enum(invitationStatuses),
  expiresAt: isoDateSchema,
  createdAt: isoDateSchema,
  invitedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/**
 * A new invitation with its link, answered once, at creation: only the token's hash is kept, so
 * the link can be copied then and never again. Only the invited address can accept it.
 */
export const createdInvitationSchema = invitationSchema.extend({ link: z.url() });
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

/** Owners are made by transfer or promotion, not by invitation. */
export const createInvitationInputSchema = z.object({
  email: emailSchema,
  role: z.enum(['admin', 'member']).default('member'),
});
export type CreateInvitationInput = z.infer<typeof createInvitationInputSchema>;

export const invitationParamsSchema = z.object({ orgId: z.uuid(), invitationId: z.uuid() });
export const invitationTokenSchema = z.string().min(16).max(256);
export const invitationPreviewSchema = z.object({
  orgName: z.string(),
  email: z.string(),
  role: orgRoleSchema,
  expiresAt: isoDateSchema,
  invitedByName: z.string().nullable(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;
export const acceptInvitationInputSchema = z.object({ token: invitationTokenSchema });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationInputSchema>;

const orgParams = z.object({ orgId: z.uuid() });
const tag = 'Members';
export const memberEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/members',
    summary: 'Members and their roles',
    tag,
    auth: orgAuth('member', 'read'),
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(memberSchema) }),
  }),
  update: defineEndpoint({
    method: 'PATCH',
    path: '/api/orgs/:orgId/members/:userId',
    summary: "Change a member's role (admin+; only owners touch owners)",
    tag,
    auth: orgAuth('admin', null),
    params: memberParamsSchema,
    body: updateMemberInputSchema,
    status: 200,
    response: memberSchema,
    errors: [409],
  }),
  remove: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/members/:userId',
    summary: 'Remove a member, or leave (your own id)',
    tag,
    auth: orgAuth('member', null),
    params: memberParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  transferOwnership: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/transfer-ownership',
    summary: 'Make another member the owner; you become an admin',
    tag,
    auth: orgAuth('owner', null),
    params: orgParams,
    body: transferOwnershipInputSchema,
    status: 200,
    response: z.object({ items: z.array(memberSchema) }),
  }),
};

const invitationsTag = 'Invitations';
export const invitationEndpoints = {
  list: defineEndpoint({
    method: 'GET',
    path: '/api/orgs/:orgId/invitations',
    summary: 'Invitations of the organisation (admin+)',
    tag: invitationsTag,
    auth: orgAuth('admin', null),
    params: orgParams,
    status: 200,
    response: z.object({ items: z.array(invitationSchema) }),
  }),
  create: defineEndpoint({
    method: 'POST',
    path: '/api/orgs/:orgId/invitations',
    summary: 'Invite someone by email (admin+)',
    tag: invitationsTag,
    auth: orgAuth('admin', null),
    params: orgParams,
    body: createInvitationInputSchema,
    status: 201,
    response: createdInvitationSchema,
    errors: [409],
  }),
  revoke: defineEndpoint({
    method: 'DELETE',
    path: '/api/orgs/:orgId/invitations/:invitationId',
    summary: 'Revoke an invitation (admin+); revoking a revoked one is a no-op, an accepted one 409',
    tag: invitationsTag,
    auth: orgAuth('admin', null),
    params: invitationParamsSchema,
    status: 204,
    response: null,
    errors: [409],
  }),
  /** Unknown token: 404. Accepted, revoked or expired: 409 CONFLICT with `details.status`, so the page can say which. */
  preview: defineEndpoint({
    method: 'GET',
    path: '/api/invitations/:token',
    summary: 'What an invitation link is for (no sign-in needed); 409 with details.status when no longer pending',
    tag: invitationsTag,
    auth: publicAuth,
    params: z.object({ token: invitationTokenSchema }),
    status: 200,
    response: invitationPreviewSchema,
    errors: [404, 409],
  }),
  /** 403 when the signed-in user's email is not the invited one; 409 when no longer pending or already a member. */
  accept: defineEndpoint({
    method: 'POST',
    path: '/api/invitations/accept',
    summary: 'Join the organisation as the invited, signed-in user',
    tag: invitationsTag,
    auth: userAuth,
    body: acceptInvitationInputSchema,
    status: 200,
    response: orgSchema,
    errors: [403, 404, 409],
  }),
};
