import { createPgliteSeed, createPostgresTemplate, testDbKind } from './test-db';

export default async function globalSetup(): Promise<void> {
  // The check run (scripts/test.mjs) only reads files the suite wrote; it needs no database.
  if (process.env['AICEO_CHECK_RUN']) return;
  if (testDbKind() === 'pglite') return createPgliteSeed();
  process.env['AICEO_TEST_TEMPLATE'] = `aiceo_test_template_${process.pid}`;
  await createPostgresTemplate();
}
