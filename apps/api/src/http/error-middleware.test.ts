import express, { type Express, type RequestHandler } from 'express';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { createLogger } from '../lib/logger';
import { AppError } from './app-error';
import { errorMiddleware, notFoundHandler } from './error-middleware';
import { requestContext } from './request-context';

/** A tiny app whose only route runs `handler`, with the real request context and error middleware. */
const appThrowing = (handler: RequestHandler): { app: Express; logs: () => string } => {
  const lines: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(line) };
  const log = createLogger({ level: 'info', destination });
  const app = express();
  app.use(requestContext(log));
  app.get('/boom', handler);
  app.use(notFoundHandler);
  app.use(errorMiddleware({ log }));
  return { app, logs: () => lines.join('') };
};

describe('errorMiddleware', () => {
  it('when a plain Error is thrown, then answers 500 "Something went wrong" with no message, stack or details, and logs the cause', async () => {
    const { app, logs } = appThrowing(() => {
      throw new Error('connect ECONNREFUSED db.internal:5432 as admin');
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: { code: 'INTERNAL', message: 'Something went wrong', requestId: res.headers['x-request-id'] },
    });
    expect(res.text).not.toContain('ECONNREFUSED');
    const logged = logs();
    expect(logged).toContain('ECONNREFUSED');
    expect(logged).toContain(`"reqId":"${res.headers['x-request-id']}"`);
  });

  it('when a rejected promise carries a non-Error value, then it is a 500 as well', async () => {
    const { app } = appThrowing(async () => {
      await Promise.reject('a string, not an Error');
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error.message).toBe('Something went wrong');
  });

  it('when an INTERNAL AppError has details, then the details stay on the server', async () => {
    const { app } = appThrowing(() => {
      throw new AppError('INTERNAL', 'Secret internal state', { table: 'User' });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({
      code: 'INTERNAL',
      message: 'Something went wrong',
      requestId: expect.any(String),
    });
  });

  it('when a dependency is unavailable (503), then its message and details reach the client, unlike a 500', async () => {
    const { app } = appThrowing(() => {
      throw new AppError('UNAVAILABLE', 'Stripe could not be reached; try again shortly', { service: 'stripe' });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      code: 'UNAVAILABLE',
      message: 'Stripe could not be reached; try again shortly',
      details: { service: 'stripe' },
      requestId: expect.any(String),
    });
  });

  it('when an AppError is thrown, then answers its status, code, message and details', async () => {
    const { app, logs } = appThrowing(() => {
      throw new AppError('CONFLICT', 'The last owner cannot leave', { reason: 'last_owner' });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'CONFLICT',
      message: 'The last owner cannot leave',
      details: { reason: 'last_owner' },
      requestId: expect.any(String),
    });
    expect(logs()).not.toContain('unhandled error');
  });

  it('when a ZodError escapes a handler, then answers 400 with each issue', async () => {
    const { app } = appThrowing(() => {
      z.object({ name: z.string() }).parse({ name: 1 });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { issues: [{ path: 'name' }] } });
  });

  it('when a ZodError escapes a handler, then its messages are plain sentences naming the fields', async () => {
    const { app } = appThrowing(() => {
      z.object({ title: z.string().max(3), amountMinor: z.number(), level: z.enum(['low', 'high']) }).parse({
        title: 'long title',
        amountMinor: Number.NaN,
        level: 'urgent',
      });
    });
    const res = await request(app).get('/boom');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      '3 fields need attention: Title is too long: use at most 3 characters; Amount must be a number; Level: choose one of: low, high',
    );
    expect(res.body.error.details.issues.map((i: { message: string }) => i.message)).toEqual([
      'Title is too long: use at most 3 characters',
      'Amount must be a number',
      'Level: choose one of: low, high',
    ]);
  });

  it('when no route matches, then the not-found handler answers a 404 envelope', async () => {
    const { app } = appThrowing(() => undefined);
    const res = await request(app).get('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'No route for GET /nothing-here' });
  });
});
