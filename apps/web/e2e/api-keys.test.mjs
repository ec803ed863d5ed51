/* global navigator */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { eventually, expectFieldError, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('API keys', () => {
  browserTest(
    'when an owner creates a key, then it is shown once, works against the API, and stops working once revoked',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'keys');
      const page = await newUserPage();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/api-keys`);
      const form = page.getByRole('form', { name: 'Create an API key' });

      // Act: no name and no scope.
      await form.getByLabel('Read').uncheck();
      await form.getByRole('button', { name: 'Create key' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Key name', { exact: true }), /enter a name/i);
      await expectFieldError(form.getByRole('group', { name: 'Scopes' }), /at least one scope/i);

      // Act
      await form.getByLabel('Key name', { exact: true }).fill('Reporting script');
      await form.getByLabel('Read').check();
      await form.getByRole('button', { name: 'Create key' }).click();

      // Assert: the secret is shown, and Copy puts exactly it on the clipboard.
      const secret = await expectVisible(page.getByLabel('API key', { exact: true }));
      const key = (await secret.textContent())?.trim() ?? '';
      assert.match(key, /^aiceo_\S{20,}$/);
      await page.getByRole('button', { name: 'Copy' }).click();
      await expectVisible(page.getByText('Copied to the clipboard.'));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);

      // Assert: the key works as a bearer token against GET /api/orgs/:orgId.
      const withKey = await api({ path: `/api/orgs/${owner.org.id}`, token: key });
      assert.equal(withKey.status, 200);
      assert.equal(withKey.body.id, owner.org.id);

      // Act: dismiss it; it is never shown again, not even after a reload.
      await page.getByRole('button', { name: 'Done' }).click();
      await expectVisible(page.getByRole('row', { name: /Reporting script/ }));
      assert.equal(await page.getByText(key).count(), 0);
      await page.reload();
      await expectVisible(page.getByRole('row', { name: /Reporting script/ }));
      assert.ok(!(await page.content()).includes(key), 'the secret is on the page after a reload');

      // Act: revoke it.
      const row = page.getByRole('row', { name: /Reporting script/ });
      await row.getByRole('button', { name: 'Revoke key Reporting script' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();

      // Assert
      await expectVisible(row.getByText('Revoked'));
      await eventually(async () => {
        const revoked = await api({ path: `/api/orgs/${owner.org.id}`, token: key });
        assert.equal(revoked.status, 401);
      });
    },
  );
});
