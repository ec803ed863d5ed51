/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Workspace packages are read from their TypeScript sources (the same condition typecheck and
  // the SPA use), so a test after editing packages/shared runs the edited code, not a stale build.
  testEnvironmentOptions: { customExportConditions: ['@aiceo/source', 'node', 'node-addons'] },
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  setupFilesAfterEnv: ['<rootDir>/src/testing/jest.setup.ts'],
  // *.check.test.ts read what the whole suite left behind; scripts/test.mjs runs them after it.
  testPathIgnorePatterns: process.env.AICEO_CHECK_RUN
    ? ['/node_modules/']
    : ['/node_modules/', '\\.check\\.test\\.ts$'],
  testRegex: process.env.AICEO_CHECK_RUN ? '\\.check\\.test\\.ts$' : '\\.test\\.ts$',
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
  // Names the database in every test's title line, so a failure says which one.
  displayName: process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'pglite',
};
