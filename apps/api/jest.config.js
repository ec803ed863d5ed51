/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  globalSetup: '<rootDir>/src/testing/global-setup.ts',
  globalTeardown: '<rootDir>/src/testing/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
  // Names the database in every test's title line, so a failure says which one.
  displayName: process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'pglite',
};
