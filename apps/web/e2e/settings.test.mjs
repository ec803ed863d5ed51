import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { loginViaApi } from './support/api.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('profile and password', () => {
  browserTest(
    'when the name is emptied, then the error shows at the Name field; a new name is saved and shown',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'profile');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/profile`);
      const form = page.getByRole('form', { name: 'Profile' });

      // Act
      await form.getByLabel('Name', { exact: true }).fill('');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Name', { exact: true }), /enter a name/i);

      // Act
      await form.getByLabel('Name', { exact: true }).fill('Pat Renamed');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: 'Profile saved' }));
      await expectVisible(page.getByRole('banner').getByText('Pat Renamed'));
      const me = await api({ path: '/api/me', token: owner.token });
      assert.equal(me.body.name, 'Pat Renamed');
    },
  );

  browserTest(
    'when the email changes without the current password, then the error shows at that field',
    async ({ newUserPage, baseUrl }) => {
      const owner = await ownerWithOrg(baseUrl, 'email');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/profile`);
      const form = page.getByRole('form', { name: 'Profile' });

      await form.getByLabel('Email', { exact: true }).fill(`new-${owner.email}`);
      await form.getByRole('button', { name: 'Save' }).click();

      await expectFieldError(form.getByLabel('Current password', { exact: true }), /enter your current password/i);
    },
  );

  browserTest(
    'when the current password is wrong or the new one short or common, then each error shows at its field; a good change keeps the user signed in',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'password');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/profile`);
      const form = page.getByRole('form', { name: 'Change password' });

      // Assert: the rule is there before anyone submits.
      await expectVisible(form.getByText(/at least 10 characters, and not a commonly used password/i));

      // Act: a wrong current password (the API's answer, shown at the field).
      await form.getByLabel('Current password', { exact: true }).fill('not my password');
      await form.getByLabel('New password', { exact: true }).fill('a new long password');
      await form.getByRole('button', { name: 'Change password' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Current password', { exact: true }), /wrong password/i);

      // Act: a new password that is too short (checked before sending).
      await form.getByLabel('Current password', { exact: true }).fill(owner.password);
      await form.getByLabel('New password', { exact: true }).fill('short');
      await form.getByRole('button', { name: 'Change password' }).click();

      // Assert
      await expectFieldError(form.getByLabel('New password', { exact: true }), /use at least 10 characters/i);

      // Act: a common one.
      await form.getByLabel('New password', { exact: true }).fill('qwertyuiop123');
      await form.getByRole('button', { name: 'Change password' }).click();

      // Assert
      await expectFieldError(form.getByLabel('New password', { exact: true }), /this password is too common/i);

      // Act
      await form.getByLabel('New password', { exact: true }).fill('a new long password');
      await form.getByRole('button', { name: 'Change password' }).click();

      // Assert: changed, and this browser is still signed in, also after a reload.
      await expectVisible(page.getByRole('status').filter({ hasText: /password changed/i }));
      await eventually(() => loginViaApi(baseUrl, { email: owner.email, password: 'a new long password' }));
      await page.reload();
      await expectVisible(page.getByRole('form', { name: 'Change password' }));
      assert.match(new URL(page.url()).pathname, /\/settings\/profile$/);
    },
  );
});

describe('organisation settings', () => {
  browserTest(
    'when the slug is malformed, then the error shows at the Web address field; a new name is saved',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'org-settings');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/organisation`);
      const form = page.getByRole('form', { name: 'Organisation' });

      // Act
      await form.getByLabel('Web address', { exact: true }).fill('Not A Slug!');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectFieldError(form.getByLabel('Web address', { exact: true }), /use lowercase letters/i);

      // Act
      await form.getByLabel('Web address', { exact: true }).fill(owner.org.slug);
      await form.getByLabel('Organisation name', { exact: true }).fill('Renamed Org');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: 'Organisation saved' }));
      const org = await api({ path: `/api/orgs/${owner.org.id}`, token: owner.token });
      assert.equal(org.body.name, 'Renamed Org');
    },
  );

  browserTest(
    "when the web address is shown, then it is the full address and opens the organisation's dashboard",
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'org-address');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/organisation`);
      const form = page.getByRole('form', { name: 'Organisation' });

      // Assert
      await expectVisible(form.getByText(`${baseUrl}/o/${owner.org.slug}`));

      // Act
      await page.goto(`/o/${owner.org.slug}`);

      // Assert
      await expectPath(page, new RegExp(`^/orgs/${owner.org.id}/dashboard$`));
    },
  );

  browserTest(
    'when the owner deletes the organisation, then the dialog lists what goes with it and deletes only after the name is typed',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'org-delete');
      for (const name of ['Ada', 'Grace']) {
        const res = await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/leads`,
          token: owner.token,
          body: { name },
        });
        assert.equal(res.status, 201);
      }
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/organisation`);

      // Act
      await page.getByRole('button', { name: 'Delete organisation' }).click();
      const dialog = page.getByRole('dialog', { name: `Delete ${owner.org.name}?` });

      // Assert: what goes with it, counted; the button waits for the name.
      const listed = dialog.getByRole('list', { name: 'Deleted with the organisation' });
      await expectVisible(listed.getByText('1 member', { exact: true }));
      await expectVisible(listed.getByText('2 leads', { exact: true }));
      const confirm = dialog.getByRole('button', { name: 'Delete organisation' });
      assert.equal(await confirm.isDisabled(), true);
      await dialog.getByLabel(`Type ${owner.org.name} to confirm`).fill('something else');
      assert.equal(await confirm.isDisabled(), true);

      // Act
      await dialog.getByLabel(`Type ${owner.org.name} to confirm`).fill(owner.org.name);
      await confirm.click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: `${owner.org.name} was deleted` }));
      await eventually(async () => {
        const org = await api({ path: `/api/orgs/${owner.org.id}`, token: owner.token });
        assert.equal(org.status, 404);
      });
    },
  );
});
