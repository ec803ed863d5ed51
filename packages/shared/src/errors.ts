import { z } from 'zod';

/**
 * Every error the API answers with carries one of these codes. Clients branch on the
 * code, never on the message text.
 */
export const errorCodes = [
  /** 400: the request's body, query or params failed validation; `details.issues` lists each field. */
  'VALIDATION_FAILED',
  /** 401: no credentials, or they are invalid, expired or revoked. */
  'UNAUTHENTICATED',
  /** 402: a plan limit was reached. */
  'QUOTA_EXCEEDED',
  /** 403: authenticated but not allowed (role too low, API key scope, invite-only signup). */
  'FORBIDDEN',
  /** 404: no such resource, or one the caller may not know exists; also unknown routes. */
  'NOT_FOUND',
  /** 409: a unique value is taken (email, slug). */
  'ALREADY_EXISTS',
  /** 409: the request contradicts current state (last owner leaving, used token). */
  'CONFLICT',
  /** 422: the request is well formed but the record cannot take it as it is (a proposal's client has no email address). */
  'UNPROCESSABLE',
  /** 413: the body is larger than the server accepts. */
  'PAYLOAD_TOO_LARGE',
  /** 415: the body is not JSON. */
  'UNSUPPORTED_MEDIA_TYPE',
  /** 429: too many attempts; the `Retry-After` header says when to try again. */
  'RATE_LIMITED',
  /** 503: a dependency (the database) is unavailable. */
  'UNAVAILABLE',
  /** 503: this server has no Stripe keys: nothing can be bought, only the platform admin changes plans. */
  'BILLING_NOT_CONFIGURED',
  /** 503: this server has no credentials for an outside service (LinkedIn), so it cannot be connected. */
  'INTEGRATION_NOT_CONFIGURED',
  /** 500: our fault; the message is always generic. */
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** HTTP status for each error code; the API and the SPA agree on it. */
export const statusByCode = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  QUOTA_EXCEEDED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  BILLING_NOT_CONFIGURED: 503,
  INTEGRATION_NOT_CONFIGURED: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, number>;

/** One invalid field: where it was (body, query, params), its dotted path and why. */
export const validationIssueSchema = z.object({
  location: z.enum(['body', 'query', 'params', 'headers']),
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

/** The only shape of an error response. */
export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
