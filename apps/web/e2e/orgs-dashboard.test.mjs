/* global document, window */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { signupViaApi, uniqueEmail } from './support/api.mjs';
import { expectChartDrawn, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

describe('create an organisation', () => {
  browserTest(
    'when the name is empty, then the error shows at the Name field; with a name, the new organisation opens on its dashboard with charts drawn',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const email = uniqueEmail('create-org');
      const { accessToken } = await signupViaApi(baseUrl, { email, name: 'Cora Create' });
      const page = await newUserPage();
      await signInByCookie(page, { email });
      await page.goto('/');
      await expectPath(page, /^\/orgs\/new$/);

      // Act: submit with no name.
      await page.getByRole('button', { name: 'Create organisation' }).click();

      // Assert
      await expectFieldError(page.getByLabel('Name', { exact: true }), /enter a name/i);

      // Act
      await page.getByLabel('Name', { exact: true }).fill('Acme Bakery');
      await page.getByRole('button', { name: 'Create organisation' }).click();

      // Assert: on its dashboard, with every chart drawn by chart.js.
      const url = await expectPath(page, new RegExp(`^/orgs/${UUID}/dashboard$`));
      const orgId = url.pathname.split('/')[2];
      await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
      await expectVisible(page.getByText('Acme Bakery at a glance'));
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 3);
      const orgs = await api({ path: '/api/orgs', token: accessToken });
      assert.deepEqual(
        orgs.body.items.map((o) => ({ id: o.id, name: o.name, role: o.role })),
        [{ id: orgId, name: 'Acme Bakery', role: 'owner' }],
      );
    },
  );
});

describe('organisation switcher', () => {
  browserTest(
    'when a member of two organisations picks the other one, then the same screen opens in it',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'switcher');
      const second = await api({
        method: 'POST',
        path: '/api/orgs',
        token: owner.token,
        body: { name: 'Second Shop' },
      });
      assert.equal(second.status, 201);
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/members`);
      await expectVisible(page.getByRole('heading', { name: 'Members' }));

      // Act
      await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Second Shop' });

      // Assert
      await expectPath(page, new RegExp(`^/orgs/${second.body.id}/settings/members$`));
      await expectVisible(page.getByText('Your account and Second Shop'));
    },
  );
});

describe('dashboard', () => {
  browserTest(
    'when an owner opens the dashboard, then the totals and three drawn charts show, and the period can change',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'dash');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
      const totals = page.getByRole('definition');
      await expectVisible(totals.first());
      const members = page.locator('.stat', { hasText: 'Members' }).first();
      assert.equal((await members.locator('dd').textContent())?.trim(), '1');
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 3);
      await expectVisible(page.getByRole('img', { name: /^Sign-ins per day over the last 30 days/ }));
      await expectVisible(page.getByText('1 in the last 30 days').first());

      // Act
      await page.getByLabel('Period').selectOption('7');

      // Assert
      await expectPath(page, /\/dashboard$/);
      assert.equal(new URL(page.url()).searchParams.get('days'), '7');
      await expectVisible(page.getByRole('img', { name: /^Members joined per day over the last 7 days: 1 in total/ }));
      await expectChartDrawn(page);
    },
  );

  browserTest(
    'when the dashboard opens on a 360 px wide phone, then the charts draw and nothing scrolls sideways',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'phone');
      const page = await newUserPage({ viewport: { width: 360, height: 740 } });
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert
      await expectChartDrawn(page);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      assert.ok(
        widths.page <= widths.viewport,
        `the page is ${widths.page} px wide in a ${widths.viewport} px viewport`,
      );
    },
  );
});
