import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { applyPlainValidationMessages, summariseIssues } from '@aiceo/shared/validation-messages';
import type { Deps } from '../deps';
import { Prisma } from '../generated/prisma/client';
import { AppError } from './app-error';

type BodyParserError = Error & { type?: string; status?: number };

// Every zod issue in the API (route schemas, env, services) is worded in plain sentences.
applyPlainValidationMessages();

/** Turns anything thrown into an AppError; unknown errors become INTERNAL. */
export const toAppError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({
      location: 'body',
      path: i.path.map(String).join('.'),
      message: i.message,
    }));
    return new AppError('VALIDATION_FAILED', summariseIssues(issues), { issues });
  }
  // Express decodes path parameters with decodeURIComponent; a malformed %-escape is the client's.
  if (error instanceof URIError) {
    return new AppError(
      'VALIDATION_FAILED',
      'The address has a malformed %-escape',
      { issues: [{ location: 'params', path: '', message: 'Malformed percent-encoding in the path' }] },
      { cause: error },
    );
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === 'P2025') return new AppError('NOT_FOUND', 'Not found', undefined, { cause: error });
    if (error.code === 'P2002') return new AppError('ALREADY_EXISTS', 'Already exists', undefined, { cause: error });
  }
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large', undefined, { cause: error });
    case 'entity.parse.failed':
      return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON', {
        issues: [{ location: 'body', path: '', message: 'Malformed JSON' }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
    case 'request.aborted':
      return new AppError('VALIDATION_FAILED', 'The request was aborted');
  }
  // Any other error the HTTP layer marks as the client's (http-errors: 4xx with expose) stays a 4xx.
  const status = parserError?.status;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    (parserError as { expose?: unknown }).expose !== false
  ) {
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
    return new AppError(code, 'The request could not be read', undefined, { cause: error });
  }
  return new AppError('INTERNAL', 'Something went wrong', undefined, { cause: error });
};

/** Logs server faults (with the request id) in one place, for HTTP and jobs alike. */
export const reportError = (deps: Pick<Deps, 'log'>, error: unknown, context: Record<string, unknown> = {}): void => {
  const cause = error instanceof AppError && error.cause ? error.cause : error;
  deps.log.error(
    {
      ...context,
      err: cause instanceof Error ? { type: cause.name, message: cause.message, stack: cause.stack } : String(cause),
    },
    'unhandled error',
  );
};

export const errorMiddleware =
  (deps: Pick<Deps, 'log'>): ErrorRequestHandler =>
  (error, req, res, _next) => {
    const appError = toAppError(error);
    if (appError.status >= 500) reportError(deps, appError, { reqId: req.id, route: res.locals['route'] ?? req.path });
    if (res.headersSent) return res.end();
    for (const [name, value] of Object.entries(appError.headers ?? {})) res.setHeader(name, value);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        // Only our own faults are masked; a dependency being down (503) is said plainly, since the client can act on it.
        message: appError.code === 'INTERNAL' ? 'Something went wrong' : appError.message,
        ...(appError.details === undefined || appError.code === 'INTERNAL' ? {} : { details: appError.details }),
        requestId: req.id,
      },
    });
  };

export const notFoundHandler: RequestHandler = (req) => {
  // baseUrl keeps the mount prefix (/api) that req.path drops.
  throw new AppError('NOT_FOUND', `No route for ${req.method} ${req.baseUrl}${req.path}`);
};
