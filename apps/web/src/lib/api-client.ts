import type { z } from 'zod';
import { authEndpoints, authSessionSchema, type AuthSession } from '@aiceo/shared/auth';
import type { Endpoint } from '@aiceo/shared/contract';
import { errorEnvelopeSchema, validationIssueSchema, type ErrorCode, type ValidationIssue } from '@aiceo/shared/errors';
import { quotaExceededDetailsSchema, type QuotaExceededDetails } from '@aiceo/shared/usage';
import { applyPlainValidationMessages } from '@aiceo/shared/validation-messages';
import { env } from '@/config/env';

// Forms validate with the API's own schemas: their issues are worded in plain sentences here too.
applyPlainValidationMessages();

/** Error codes of the API plus the two the client makes up when there is no API answer to parse. */
export type ApiErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

/** Every failed request ends as one of these; UI code branches on `code`, never on `message`. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: unknown;
  readonly requestId: string | undefined;
  /** Invalid fields of the body by dotted path (`email`, `scopes.0`); `''` holds form-level issues. */
  readonly fieldErrors: Readonly<Record<string, string>>;

  constructor(options: { status: number; code: ApiErrorCode; message: string; details?: unknown; requestId?: string }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.details = options.details;
    this.requestId = options.requestId;
    this.fieldErrors = fieldErrorsOf(options.details);
  }
}

const issuesOf = (details: unknown): ValidationIssue[] => {
  if (typeof details !== 'object' || details === null || !('issues' in details) || !Array.isArray(details.issues))
    return [];
  return details.issues.flatMap((issue) => {
    const parsed = validationIssueSchema.safeParse(issue);
    return parsed.success ? [parsed.data] : [];
  });
};

const fieldErrorsOf = (details: unknown): Record<string, string> => {
  const errors: Record<string, string> = {};
  // Only body issues belong next to form fields; a bad :param is the page's problem, not the user's.
  for (const issue of issuesOf(details)) if (issue.location === 'body') errors[issue.path] ??= issue.message;
  return errors;
};

/** The same issue shape the API answers with, built from a local zod failure. */
export const validationError = (error: z.ZodError): ApiError =>
  new ApiError({
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Check the highlighted fields',
    details: {
      issues: error.issues.map((issue) => ({
        location: 'body',
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    },
  });

type Input<E extends Endpoint> = (E extends { params: infer P extends z.ZodType }
  ? { params: z.input<P> }
  : { params?: undefined }) &
  (E extends { query: infer Q extends z.ZodType } ? { query?: z.input<Q> } : { query?: undefined }) &
  (E extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined }) & {
    signal?: AbortSignal;
  };

export type ResponseOf<E extends Endpoint> = E['response'] extends z.ZodType ? z.output<E['response']> : void;
type Args<E extends Endpoint> = object extends Input<E> ? [input?: Input<E>] : [input: Input<E>];

// --- session: the access token lives in this module's memory only, never in storage ---

type Session = { accessToken: string; expiresAt: number };
let session: Session | null = null;
// Bumped on every sign-in, refresh and sign-out: a 401 for a request sent under an older
// generation only needs a retry with the newer token, not a refresh of its own.
let generation = 0;
type SessionListener = (auth: AuthSession | null) => void;
const listeners = new Set<SessionListener>();
let refreshing: Promise<AuthSession | null> | null = null;

// Refresh a little before expiry so that a request is not sent with a token about to lapse.
const EXPIRY_SKEW_MS = 10_000;

/** Called with the new session after sign-in or refresh, and with null when it is gone. */
export const onSessionChange = (listener: SessionListener): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export const setSession = (auth: AuthSession | null): void => {
  session = auth ? { accessToken: auth.accessToken, expiresAt: Date.parse(auth.accessTokenExpiresAt) } : null;
  generation += 1;
  for (const listener of listeners) listener(auth);
};

export const hasSession = (): boolean => session !== null;

const doRefresh = async (): Promise<AuthSession | null> => {
  try {
    const response = await fetch(urlOf(authEndpoints.refresh.path), {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
    });
    if (!response.ok) return null;
    const parsed = authSessionSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/**
 * Exchanges the httpOnly refresh cookie for a new session. Every caller in this tab
 * shares one request; across tabs a Web Lock serialises them, because presenting a
 * refresh token that another tab has just rotated would revoke the whole session family.
 */
export const refreshSession = (): Promise<AuthSession | null> => {
  refreshing ??= (async () => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const auth = locks ? await locks.request('aiceo-refresh', doRefresh) : await doRefresh();
    setSession(auth);
    return auth;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
};

// --- plan limits: any 402 anywhere is announced once, app-wide ---

/** What ran out, in which org (null when the request had no :orgId). */
export type QuotaExceeded = { orgId: string | null; message: string; details: QuotaExceededDetails };
type QuotaListener = (event: QuotaExceeded) => void;
const quotaListeners = new Set<QuotaListener>();

/** Called for every 402 QUOTA_EXCEEDED answer, whichever screen sent the request. */
export const onQuotaExceeded = (listener: QuotaListener): (() => void) => {
  quotaListeners.add(listener);
  return () => quotaListeners.delete(listener);
};

const announceQuota = (error: ApiError, params: Record<string, unknown> | undefined): void => {
  const details = quotaExceededDetailsSchema.safeParse(error.details);
  if (error.code !== 'QUOTA_EXCEEDED' || !details.success) return;
  const orgId = typeof params?.['orgId'] === 'string' ? params['orgId'] : null;
  for (const listener of quotaListeners) listener({ orgId, message: error.message, details: details.data });
};

// --- requests ---

const urlOf = (path: string, query?: Record<string, unknown>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return `${env.apiUrl}${path}${qs ? `?${qs}` : ''}`;
};

const fillPath = (path: string, params: Record<string, unknown> | undefined): string =>
  path.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '')
      throw new Error(`Missing path parameter :${name} for ${path}`);
    return encodeURIComponent(String(value));
  });

const toApiError = async (response: Response): Promise<ApiError> => {
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const body: unknown = await response.json().catch(() => undefined);
  const envelope = errorEnvelopeSchema.safeParse(body);
  if (envelope.success) {
    const { code, message, details } = envelope.data.error;
    return new ApiError({
      status: response.status,
      code,
      message,
      details,
      requestId: envelope.data.error.requestId ?? requestId,
    });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE',
    message:
      response.status >= 500
        ? 'The server had a problem; try again in a moment'
        : `Unexpected answer (${response.status})`,
    requestId,
  });
};

const signedOut = () =>
  new ApiError({ status: 401, code: 'UNAUTHENTICATED', message: 'Your session has ended; sign in again' });

const send = async (
  endpoint: Endpoint,
  url: string,
  body: string | undefined,
  signal: AbortSignal | undefined,
  accept = 'application/json',
) => {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const sentUnder = generation;
  const token = session?.accessToken;
  if (token && endpoint.auth.kind !== 'public') headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch(url, { method: endpoint.method, headers, body, signal, credentials: 'include' });
    return { response, sentUnder };
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      message: 'Cannot reach the server; check your connection and try again',
    });
  }
};

/**
 * Sends one request of the contract and returns its successful response unread: fills `:params`,
 * validates the body with the endpoint's own schema before sending (so the user sees the same
 * messages the API would give), refreshes the session once on 401, and throws ApiError otherwise.
 */
const dispatch = async (endpoint: Endpoint, input: Input<Endpoint> | undefined, accept: string): Promise<Response> => {
  const { params, query, body, signal } = (input ?? {}) as {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    signal?: AbortSignal;
  };

  let payload: string | undefined;
  if (endpoint.body) {
    const parsed = endpoint.body.safeParse(body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    payload = JSON.stringify(parsed.data);
  }
  const url = urlOf(fillPath(endpoint.path, params), query);
  const needsAuth = endpoint.auth.kind !== 'public';

  let refreshed = false;
  // No session: wait for the restore under way at page load; after that, signed out means no request.
  if (needsAuth && !session && refreshing) await refreshing;
  if (needsAuth && !session) throw signedOut();
  if (needsAuth && session && session.expiresAt - EXPIRY_SKEW_MS < Date.now()) {
    refreshed = true;
    if (!(await refreshSession())) throw signedOut();
  }

  const first = await send(endpoint, url, payload, signal, accept);
  let response = first.response;
  if (response.status === 401 && needsAuth) {
    const renewed =
      session !== null && first.sentUnder !== generation ? true : !refreshed && (await refreshSession()) !== null;
    if (renewed) response = (await send(endpoint, url, payload, signal, accept)).response;
  }

  if (!response.ok) {
    const error = await toApiError(response);
    announceQuota(error, params);
    throw error;
  }
  return response;
};

/** Calls one endpoint of the shared contract and parses the answer with its response schema. */
export const request = async <E extends Endpoint>(endpoint: E, ...[input]: Args<E>): Promise<ResponseOf<E>> => {
  const response = await dispatch(endpoint, input as Input<Endpoint> | undefined, 'application/json');
  if (endpoint.response === null || response.status === 204) return undefined as ResponseOf<E>;

  const json: unknown = await response.json().catch(() => undefined);
  const parsed = endpoint.response.safeParse(json);
  if (!parsed.success) {
    throw new ApiError({
      status: response.status,
      code: 'BAD_RESPONSE',
      message: 'The server answered in an unexpected shape',
      details: parsed.error.issues,
    });
  }
  return parsed.data as ResponseOf<E>;
};

/**
 * Opens a Server-Sent Events answer of an endpoint that `streams` (EventSource can neither POST
 * nor send the Authorization header). Same auth and errors as `request`: a failure before the
 * stream starts is the usual JSON envelope, thrown as ApiError. The caller reads `body`.
 */
export const requestStream = async <E extends Endpoint & { streams: z.ZodType }>(
  endpoint: E,
  ...[input]: Args<E>
): Promise<Response> => dispatch(endpoint, input as Input<Endpoint> | undefined, 'text/event-stream');

/**
 * Calls an endpoint that answers a file (`produces`, e.g. text/csv) and returns its body as a
 * Blob; the same auth and errors as `request`. A download link cannot send the Authorization header.
 */
export const requestBlob = async <E extends Endpoint & { produces: string }>(
  endpoint: E,
  ...[input]: Args<E>
): Promise<Blob> => {
  const response = await dispatch(endpoint, input as Input<Endpoint> | undefined, endpoint.produces);
  return response.blob();
};
