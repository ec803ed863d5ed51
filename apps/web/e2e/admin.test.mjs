import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import { expectFieldError, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('platform admin', () => {
  browserTest(
    'when the platform admin creates an invite code, then a malformed code errors at its field and a good one is listed',
    async ({ newUserPage, admin, adminToken, api }) => {
      // Arrange
      const page = await newUserPage();
      await signInByCookie(page, admin);
      await page.goto('/admin/invite-codes');
      const form = page.getByRole('form', { name: 'Create an invite code' });
      const code = `E2E-${randomBytes(4).toString('hex').toUpperCase()}`;

      // Act
      await form.getByLabel('Code (optional)', { exact: true }).fill('no!');
      await form.getByRole('button', { name: 'Create code' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Code (optional)', { exact: true }), /6-64 letters, digits or dashes/i);

      // Act
      await form.getByLabel('Code (optional)', { exact: true }).fill(code.toLowerCase());
      await form.getByLabel('Note (optional)', { exact: true }).fill('for the e2e test');
      await form.getByRole('button', { name: 'Create code' }).click();

      // Assert: stored upper-case, and listed.
      await expectVisible(page.getByRole('row', { name: new RegExp(code) }));
      const codes = await api({ path: '/api/admin/invite-codes', token: await adminToken() });
      assert.ok(codes.body.items.some((c) => c.code === code && c.note === 'for the e2e test'));
    },
  );

  browserTest(
    'when someone who is not a platform admin opens the admin area, then they are told it is for platform admins only',
    async ({ newUserPage, baseUrl }) => {
      const owner = await ownerWithOrg(baseUrl, 'not-admin');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      await page.goto('/admin/users');

      await expectVisible(page.getByRole('heading', { name: 'Platform admins only' }));
      assert.equal(await page.getByRole('link', { name: 'Platform admin' }).count(), 0);
    },
  );
});
