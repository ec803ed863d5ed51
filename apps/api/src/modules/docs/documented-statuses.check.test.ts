import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allEndpoints } from '@aiceo/shared/endpoints';
import { operationKey } from '../../testing/observed-statuses';
import { buildOpenApiDocument, toOpenApiPath } from './openapi';

// Runs after the whole API suite (scripts/test.mjs): every status an operation answered in any
// test must be one the OpenAPI document lists for it, so the document never hides an answer a
// client can get. The suite's own requests are the sample: new tests widen it automatically.

const dir = process.env['AICEO_OBSERVED_STATUSES_DIR'] ?? '';
const observed = new Map<string, Set<number>>();
for (const file of existsSync(dir) ? readdirSync(dir) : []) {
  const entries = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, number[]>;
  for (const [key, statuses] of Object.entries(entries)) {
    if (!observed.has(key)) observed.set(key, new Set());
    for (const status of statuses) observed.get(key)?.add(status);
  }
}

const document = buildOpenApiDocument({ version: 'check' });
const documented = new Map(
  allEndpoints.map((endpoint) => {
    const operation = document.paths[toOpenApiPath(endpoint.path)]?.[endpoint.method.toLowerCase()];
    return [operationKey(endpoint), new Set(Object.keys(operation?.responses ?? {}).map(Number))] as const;
  }),
);

it('when the suite has run, then it observed answers of most operations', () => {
  const pairs = [...observed.values()].reduce((n, statuses) => n + statuses.size, 0);
  const documentedPairs = [...documented.values()].reduce((n, statuses) => n + statuses.size, 0);
  process.stdout.write(
    `statuses: ${observed.size} of ${allEndpoints.length} operations observed; ${pairs} (operation, status) pairs observed of ${documentedPairs} documented\n`,
  );
  expect(observed.size).toBeGreaterThan(allEndpoints.length * 0.9);
});

it('when every status the suite observed is looked up in the OpenAPI document, then each one is documented for its operation', () => {
  const undocumented = [...observed].flatMap(([key, statuses]) =>
    [...statuses].filter((status) => !documented.get(key)?.has(status)).map((status) => `${key} answered ${status}`),
  );
  expect(undocumented.sort()).toEqual([]);
});
