import { dropPgliteSeed, dropPostgresTemplate, testDbKind } from './test-db';

export default async function globalTeardown(): Promise<void> {
  if (testDbKind() === 'pglite') return dropPgliteSeed();
  await dropPostgresTemplate();
}
