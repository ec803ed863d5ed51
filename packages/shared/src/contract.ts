import type { z } from 'zod';
import type { ApiKeyScope, OrgRole } from './roles';

/**
 * Who may call an endpoint.
 * - `public`: anyone.
 * - `user`: a signed-in user (access token).
 * - `org`: a member of `:orgId` with at least `minRole`, or an API key of that org with
 *   `scope` (when `scope` is null, API keys are refused).
 * - `platformAdmin`: a platform administrator.
 */
export type EndpointAuth =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'org'; minRole: OrgRole; scope: ApiKeyScope | null }
  | { kind: 'platformAdmin' };

type AnyObject = z.ZodObject;

/**
 * One HTTP endpoint: the API mounts it, validates against it and documents it in
 * OpenAPI from it; the SPA calls it through it. Paths use Express syntax (`:orgId`).
 */
export type Endpoint = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: `/api/${string}`;
  summary: string;
  tag: string;
  auth: EndpointAuth;
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodType;
  /** Success status and body; null for 204, a 302 redirect or non-JSON answers (documented as text). */
  status: 200 | 201 | 202 | 204 | 302;
  response: z.ZodType | null;
  /** Error statuses this endpoint can answer besides the ones implied by `auth`. */
  errors?: readonly number[];
  /** Of those, the ones answered as a page in `produces` (an HTML page for a person) instead of the JSON envelope. */
  pageErrors?: readonly number[];
  /** Content type of a non-JSON success (e.g. the docs page). */
  produces?: string;
  /** Schema of the events of a Server-Sent Events answer, given when the request has `Accept: text/event-stream`. */
  streams?: z.ZodType;
};

/** Identity function that keeps the literal type of an endpoint definition. */
export const defineEndpoint = <const E extends Endpoint>(endpoint: E): E => endpoint;

export const orgAuth = (minRole: OrgRole, scope: ApiKeyScope | null) => ({ kind: 'org', minRole, scope }) as const;
export const userAuth = { kind: 'user' } as const;
export const publicAuth = { kind: 'public' } as const;
export const platformAdminAuth = { kind: 'platformAdmin' } as const;
