import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

describe('billing upgrade', () => {
  browserTest(
    'when the owner of a free organisation upgrades to Pro and pays on the local Stripe checkout, then they land back on Billing with plan Pro and its limits',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'upgrade');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/billing`);
      await expectVisible(page.getByRole('heading', { name: 'Plan: Free' }));
      await expectVisible(page.getByText(/^0 of 10 tasks used/));

      // Act
      await page.getByRole('button', { name: 'Upgrade to Pro' }).click();

      // Assert: the stand-in's hosted checkout page (its own port on 127.0.0.1).
      await expectVisible(page.getByRole('heading', { name: 'Subscribe to Pro' }));
      assert.notEqual(new URL(page.url()).origin, baseUrl);
      assert.match(page.url(), /\/checkout\/cs_\w+$/);

      // Act
      await page.getByRole('button', { name: 'Pay' }).click();

      // Assert: back on Billing; the webhooks have moved the org to Pro.
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/settings/billing$`));
      assert.equal(new URL(page.url()).searchParams.get('checkout'), 'success');
      await eventually(async () => {
        await page.reload();
        await expectVisible(page.getByRole('heading', { name: 'Plan: Pro' }), { timeoutMs: 2_000 });
      });
      await expectVisible(page.getByText(/^0 of 100 tasks used/));
      await expectVisible(page.getByText(/^0 of 50 posts used/));
      await expectVisible(page.getByText(/subscription active/));
      assert.equal(await page.getByRole('button', { name: /^Upgrade to/ }).count(), 0);
      await expectVisible(page.getByRole('button', { name: 'Manage billing' }));
    },
  );

  browserTest(
    'when an admin (not the owner) opens Billing, then there is no upgrade button, only a note that the owner changes the plan',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: the owner invites an admin, who accepts through the API.
      const owner = await ownerWithOrg(baseUrl, 'billing-owner');
      const adminEmail = uniqueEmail('billing-admin');
      const invited = await api({
        method: 'POST',
        path: `/api/orgs/${owner.org.id}/invitations`,
        token: owner.token,
        body: { email: adminEmail, role: 'admin' },
      });
      assert.equal(invited.status, 201);
      const token = new URL(linkIn(await readMail(adminEmail), `${baseUrl}/invitations/`)).pathname.split('/').pop();
      const { accessToken } = await signupViaApi(baseUrl, { email: adminEmail, name: 'Ada Admin' });
      const accepted = await api({
        method: 'POST',
        path: '/api/invitations/accept',
        token: accessToken,
        body: { token },
      });
      assert.equal(accepted.status, 200);
      const page = await newUserPage();
      await signInByCookie(page, { email: adminEmail });

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/billing`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Plan: Free' }));
      await expectVisible(page.getByText('Only the owner can change the plan.'));
      assert.equal(await page.getByRole('button', { name: /^Upgrade to/ }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Manage billing' }).count(), 0);
    },
  );
});
