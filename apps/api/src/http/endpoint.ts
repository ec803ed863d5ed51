import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Endpoint } from '@aiceo/shared/contract';
import type { ValidationIssue } from '@aiceo/shared/errors';
import { findUnstorableText } from '@aiceo/shared/storable';
import { summariseIssues } from '@aiceo/shared/validation-messages';
import type { Deps } from '../deps';
import { AppError } from './app-error';
import { authOf, orgOf, userOf, type Auth, type OrgAccess } from './auth-context';
import { orgGuard } from './middleware/org-guard';
import { requireAuth } from './middleware/require-auth';
import { requireJsonBody } from './request-context';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type Reply<E extends Endpoint> = E['response'] extends z.ZodType ? z.input<E['response']> : void;
type AuthFor<E extends Endpoint> = E['auth']['kind'] extends 'public'
  ? Auth | undefined
  : E['auth']['kind'] extends 'org'
    ? Auth
    : Extract<Auth, { kind: 'user' }>;

export type EndpointContext<E extends Endpoint> = {
  params: Infer<E['params']>;
  query: Infer<E['query']>;
  body: Infer<E['body']>;
  auth: AuthFor<E>;
  /** Set for org-scoped endpoints. */
  org: E['auth']['kind'] extends 'org' ? OrgAccess : undefined;
  req: Request;
  res: Response;
};

export type EndpointHandler<E extends Endpoint> = (ctx: EndpointContext<E>) => Promise<Reply<E>> | Reply<E>;

const toIssues = (location: ValidationIssue['location'], error: z.ZodError): ValidationIssue[] =>
  error.issues.map((issue) => ({ location, path: issue.path.map(String).join('.'), message: issue.message }));

/**
 * Validates params, query and body together so a client sees every bad field at once. Text the
 * database cannot store (NUL, lone surrogates) is refused first, anywhere in the input, whatever
 * the schema says: free-form JSON fields and fields added later are covered too.
 */
const parseInput = (endpoint: Endpoint, req: Request) => {
  const issues: ValidationIssue[] = [];
  const parse = (location: 'params' | 'query' | 'body', schema: z.ZodType | undefined, value: unknown) => {
    if (!schema) return undefined;
    const unstorable = findUnstorableText(value);
    if (unstorable.length > 0) {
      issues.push(...unstorable.map((issue) => ({ location, ...issue })));
      return undefined;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      issues.push(...toIssues(location, result.error));
      return undefined;
    }
    return result.data;
  };
  const params = parse('params', endpoint.params, req.params);
  const query = parse('query', endpoint.query, req.query);
  const body = parse('body', endpoint.body, req.body ?? {});
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', summariseIssues(issues), { issues });
  return { params, query, body };
};

const guardsFor = (deps: Deps, endpoint: Endpoint): RequestHandler[] => {
  const { auth } = endpoint;
  switch (auth.kind) {
    case 'public':
      return [];
    case 'user':
      return [requireAuth(deps, { allowApiKeys: false })];
    case 'org':
      return [requireAuth(deps, { allowApiKeys: true }), orgGuard(deps, auth.minRole, auth.scope)];
    case 'platformAdmin':
      return [
        requireAuth(deps, { allowApiKeys: false }),
        // Checked against the database, not the token claim, so a revoked admin loses access at once.
        async (req, _res, next) => {
          const user = await deps.db.user.findUnique({
            where: { id: userOf(req).userId },
            select: { isPlatformAdmin: true },
          });
          if (!user?.isPlatformAdmin) throw new AppError('FORBIDDEN', 'Only platform admins can do this');
          next();
        },
      ];
  }
};

type MountOptions = {
  /**
   * The endpoint parses its own JSON body up to this size (an upload), after its guards, so
   * only a caller it admits gets a large body read. Its router must then be mounted before the
   * app's general body parser, which stops at BODY_LIMIT.
   */
  bodyLimit?: string;
};

/**
 * Mounts one endpoint from the shared contract: auth and org guard as its `auth` says,
 * input parsed with its schemas, the handler's result sent with its status. In tests the
 * result is also checked against the response schema, so the contract cannot drift.
 */
export const mountEndpoint = <E extends Endpoint>(
  router: Router,
  deps: Deps,
  endpoint: E,
  handler: EndpointHandler<E>,
  { bodyLimit }: MountOptions = {},
): void => {
  const method = endpoint.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
  const checkResponse = deps.env.NODE_ENV === 'test' && endpoint.response;
  const bodyParser = bodyLimit ? [requireJsonBody, express.json({ limit: bodyLimit })] : [];
  router[method](endpoint.path, ...guardsFor(deps, endpoint), ...bodyParser, async (req: Request, res: Response) => {
    res.locals['route'] = endpoint.path;
    const input = parseInput(endpoint, req);
    const ctx = {
      ...input,
      auth: endpoint.auth.kind === 'public' ? req.auth : endpoint.auth.kind === 'org' ? authOf(req) : userOf(req),
      org: endpoint.auth.kind === 'org' ? orgOf(req) : undefined,
      req,
      res,
    } as EndpointContext<E>;
    const result = await handler(ctx);
    if (res.headersSent) return;
    if (endpoint.status === 204 || !endpoint.response) {
      res.status(endpoint.status).end();
      return;
    }
    if (checkResponse) {
      const checked = endpoint.response.safeParse(result);
      if (!checked.success) {
        throw new AppError('INTERNAL', `Response of ${endpoint.method} ${endpoint.path} breaks its schema`, undefined, {
          cause: checked.error,
        });
      }
    }
    res.status(endpoint.status).json(result);
  });
};
