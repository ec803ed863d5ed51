import { createPgliteSeed, createPostgresTemplate, testDbKind } from './test-db';

export default async function globalSetup(): Promise<void> {
  if (testDbKind() === 'pglite') return createPgliteSeed();
  process.env['AICEO_TEST_TEMPLATE'] = `aiceo_test_template_${process.pid}`;
  await createPostgresTemplate();
}
