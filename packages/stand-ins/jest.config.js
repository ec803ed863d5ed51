/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // Workspace packages from their source (the exports condition tsconfig's customConditions names).
  testEnvironmentOptions: { customExportConditions: ['@aiceo/source', 'node', 'node-addons'] },
  testTimeout: 30_000,
};
