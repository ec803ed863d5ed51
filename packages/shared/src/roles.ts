import { z } from 'zod';

/** Organisation roles, lowest first: owner > admin > member. */
export const orgRoles = ['member', 'admin', 'owner'] as const;
export type OrgRole = (typeof orgRoles)[number];
export const orgRoleSchema = z.enum(orgRoles);

/** Rank of a role; a higher number may do everything a lower one may. */
export const roleRank = (role: OrgRole): number => orgRoles.indexOf(role);

/** True when `actual` is at least `min`. */
export const hasRole = (actual: OrgRole, min: OrgRole): boolean => roleRank(actual) >= roleRank(min);

/** API key scopes: `read` allows GET, `write` allows changes. */
export const apiKeyScopes = ['read', 'write'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
