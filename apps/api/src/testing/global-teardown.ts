import { dropPgliteSeed, dropPostgresTemplate, testDbKind } from './test-db';

export default async function globalTeardown(): Promise<void> {
  // The check run (scripts/test.mjs) only reads files the suite wrote; it needs no database.
  if (process.env['AICEO_CHECK_RUN']) return;
  if (testDbKind() === 'pglite') return dropPgliteSeed();
  await dropPostgresTemplate();
}
