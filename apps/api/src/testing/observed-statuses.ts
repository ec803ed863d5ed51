import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import type { Endpoint } from '@aiceo/shared/contract';
import { allEndpoints } from '@aiceo/shared/endpoints';

// Every status the suite sees each operation answer, so a check after the run can compare them
// with the OpenAPI document (documented-statuses.check.test.ts). scripts/test.mjs names the folder.

/** `METHOD /api/path/:param`, the contract's own key of an operation. */
export const operationKey = (endpoint: Pick<Endpoint, 'method' | 'path'>): string =>
  `${endpoint.method} ${endpoint.path}`;

// Static segments win over parameters, as in the router: /leads/pipeline before /leads/:leadId.
const matchers = allEndpoints
  .map((endpoint) => ({
    endpoint,
    params: (endpoint.path.match(/:\w+/g) ?? []).length,
    pattern: new RegExp(`^${endpoint.path.replace(/:\w+/g, '[^/]+')}/?$`),
  }))
  .sort((a, b) => a.params - b.params);

/** The contract operation a request went to, or undefined for anything else (SPA, unknown routes). */
export const operationOf = (method: string, path: string): Endpoint | undefined =>
  matchers.find((m) => m.endpoint.method === method && m.pattern.test(path))?.endpoint;

const observed = new Map<string, Set<number>>();

export const recordStatuses: RequestHandler = (req, res, next) => {
  res.on('finish', () => {
    const endpoint = operationOf(req.method, req.originalUrl.split('?')[0] ?? '');
    if (!endpoint) return;
    const key = operationKey(endpoint);
    if (!observed.has(key)) observed.set(key, new Set());
    observed.get(key)?.add(res.statusCode);
  });
  next();
};

/** Writes what this test file saw (one JSON file per file) when the run collects statuses. */
export const flushObservedStatuses = (): void => {
  const dir = process.env['AICEO_OBSERVED_STATUSES_DIR'];
  if (!dir || observed.size === 0) return;
  mkdirSync(dir, { recursive: true });
  const entries = Object.fromEntries([...observed].map(([key, statuses]) => [key, [...statuses]]));
  writeFileSync(join(dir, `${randomUUID()}.json`), JSON.stringify(entries));
  observed.clear();
};
