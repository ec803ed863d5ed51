import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe } from 'node:test';
import { PASSWORD, callApi } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

/** "1 Dec" for the first day of next month in UTC, the way the billing page writes it. */
const nextResetDay = () => {
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(next);
};

const meterValues = (page) =>
  page.getByRole('meter').evaluateAll((meters) =>
    meters.map((m) => ({
      now: m.getAttribute('aria-valuenow'),
      max: m.getAttribute('aria-valuemax'),
      text: m.getAttribute('aria-valuetext'),
    })),
  );

describe('billing', () => {
  browserTest(
    'when a member opens Billing, then it shows the plan, a meter per resource and the plans side by side; a plan set by a platform admin shows its limits',
    async ({ newUserPage, baseUrl, api, adminToken }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'billing');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      const resets = nextResetDay();

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings`);
      await page.getByRole('link', { name: 'Billing' }).click();

      // Assert
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/settings/billing$`));
      await expectVisible(page.getByRole('heading', { name: 'Plan: Free' }));
      await expectVisible(page.getByText(`0 of 10 tasks used, resets ${resets}`, { exact: true }));
      assert.deepEqual(await meterValues(page), [
        { now: '0', max: '10', text: `0 of 10 tasks used, resets ${resets}` },
        { now: '0', max: '5', text: `0 of 5 posts used, resets ${resets}` },
        { now: '0', max: '3', text: `0 of 3 emails used, resets ${resets}` },
        { now: '0', max: '50', text: `0 of 50 AI messages used, resets ${resets}` },
      ]);
      const plans = page.getByRole('list', { name: 'Plans' });
      for (const name of ['Free', 'Pro', 'Enterprise'])
        await expectVisible(plans.getByRole('heading', { name: new RegExp(`^${name}`) }));
      await expectVisible(plans.getByText('$29 / month'));
      await expectVisible(plans.getByText('1,000 tasks a month'));

      // Act: a platform admin moves the org to Pro (no Stripe configured).
      const changed = await api({
        method: 'PATCH',
        path: `/api/admin/orgs/${owner.org.id}/plan`,
        body: { plan: 'pro' },
        token: await adminToken(),
      });
      await page.reload();

      // Assert
      assert.equal(changed.status, 200);
      await expectVisible(page.getByRole('heading', { name: 'Plan: Pro' }));
      await eventually(async () => assert.equal((await meterValues(page))[0]?.max, '100'));
      await expectVisible(page.getByText(`0 of 100 tasks used, resets ${resets}`, { exact: true }));
    },
  );

  browserTest(
    'when any request answers 402 QUOTA_EXCEEDED, then one global notice says what ran out and links to Billing to upgrade',
    async ({ newUserPage, baseUrl }) => {
      // Arrange: no business route meters usage yet, so the dashboard's request is answered with a real 402 envelope.
      const owner = await ownerWithOrg(baseUrl, 'quota');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.route('**/api/orgs/*/dashboard*', (route) =>
        route.fulfill({
          status: 402,
          contentType: 'application/json',
          body: JSON.stringify({
            error: {
              code: 'QUOTA_EXCEEDED',
              message: 'The Free plan allows 10 tasks a month',
              details: { resource: 'tasks', limit: 10, used: 10, plan: 'free', upgrade: { plan: 'pro', limit: 100 } },
              requestId: 'e2e',
            },
          }),
        }),
      );

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert
      const notice = page.getByRole('alert').filter({ hasText: 'Plan limit reached' });
      await expectVisible(notice);
      await expectVisible(notice.getByText(/Free plan includes 10 tasks a month/));
      assert.equal(await page.getByRole('alert').filter({ hasText: 'Plan limit reached' }).count(), 1);

      // Act
      await notice.getByRole('link', { name: 'Upgrade to Pro for 100 tasks a month' }).click();

      // Assert
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/settings/billing$`));
      await expectVisible(page.getByRole('heading', { name: 'Plan: Free' }));
      assert.equal(await page.getByRole('alert').filter({ hasText: 'Plan limit reached' }).count(), 0);
    },
  );
});

describe('billing on a production server without Stripe', () => {
  browserTest(
    'when the server has no Stripe keys, then Billing says so at 1280 and 390 px, offers nothing to buy, and the platform admin sets the plan there',
    async ({ newUserPage }) => {
      // Arrange: a production API with no STRIPE_* variables; its first user is the platform admin.
      const prod = await startApi({ logName: 'api-billing-not-configured', env: { NODE_ENV: 'production' } });
      try {
        const admin = await ownerWithOrg(prod.baseUrl, 'billing-admin');
        for (const viewport of [
          { width: 1280, height: 800 },
          { width: 390, height: 844 },
        ]) {
          const page = await newUserPage({ viewport });
          const login = await page
            .context()
            .request.post(`${prod.baseUrl}/api/auth/login`, { data: { email: admin.email, password: PASSWORD } });
          assert.equal(login.status(), 200);

          // Act
          await page.goto(`${prod.baseUrl}/orgs/${admin.org.id}/settings/billing`);

          // Assert
          await expectVisible(page.getByTestId('billing-mode').getByText(/Billing is not set up on this server/));
          await expectVisible(page.getByText(/Credits cannot be bought on this server/));
          assert.equal(await page.getByRole('button', { name: /^Upgrade to/ }).count(), 0);
          assert.equal(await page.getByRole('button', { name: /^Buy / }).count(), 0);
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px at ${viewport.width} px`);
          await page.screenshot({
            path: join(ARTIFACTS_DIR, `billing-not-configured-${viewport.width}.png`),
            fullPage: true,
          });
        }

        // Act: the platform admin sets Pro from the same page.
        const page = await newUserPage();
        await page
          .context()
          .request.post(`${prod.baseUrl}/api/auth/login`, { data: { email: admin.email, password: PASSWORD } });
        await page.goto(`${prod.baseUrl}/orgs/${admin.org.id}/settings/billing`);
        await page.getByRole('combobox', { name: 'Plan (platform admin)' }).selectOption('pro');
        await page.getByRole('button', { name: 'Set plan' }).click();

        // Assert
        await expectVisible(page.getByRole('heading', { name: 'Plan: Pro' }));
        const billing = await callApi(prod.baseUrl, { path: `/api/orgs/${admin.org.id}/billing`, token: admin.token });
        assert.equal(billing.body.mode, 'not-configured');
        assert.equal(billing.body.plan, 'pro');
      } finally {
        await prod.stop();
      }
    },
  );
});
