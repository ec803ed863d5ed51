import { resolve } from 'node:path';

// One way to consume the shared package: the tests (like typecheck and the SPA) read its sources,
// so a test right after editing packages/shared runs the edited code, never a stale dist.
describe('workspace packages', () => {
  it('resolves @aiceo/shared to its TypeScript sources in tests', () => {
    const sharedSrc = resolve(__dirname, '../../../packages/shared/src');
    expect(require.resolve('@aiceo/shared/auth')).toBe(resolve(sharedSrc, 'auth.ts'));
  });
});
