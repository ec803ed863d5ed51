/* global document, window */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { signupViaApi, uniqueEmail } from './support/api.mjs';
import { expectChartDrawn, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

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

      // Assert: on its dashboard, with every chart drawn by chart.js (four for an owner).
      const url = await expectPath(page, new RegExp(`^/orgs/${UUID}/dashboard$`));
      const orgId = url.pathname.split('/')[2];
      await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
      await expectVisible(page.getByText('Acme Bakery at a glance'));
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 4);
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

/** The text of a tile's value, by its test id. */
const tileValue = async (page, id) => {
  const tile = page.getByTestId(`tile-${id}`);
  await expectVisible(tile);
  return (await tile.locator('.tile-value').textContent())?.trim();
};

describe('dashboard', () => {
  browserTest(
    'when an owner with a lead won and a new lead opens the dashboard, then the tiles count them, four charts draw, and a tile opens its page',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: two leads made today, one of them won
      const owner = await ownerWithOrg(baseUrl, 'dash');
      for (const lead of [
        { name: 'Wanda Won', stage: 'won', valueCents: 250_000, source: 'Referral' },
        { name: 'Nina New', stage: 'new', valueCents: 40_000, source: 'LinkedIn' },
      ]) {
        const res = await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/leads`,
          token: owner.token,
          body: lead,
        });
        assert.equal(res.status, 201, JSON.stringify(res.body));
      }
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert: the figures, the money tiles (an owner sees money) and the four charts
      await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
      assert.equal(await tileValue(page, 'new-leads'), '2');
      assert.equal(await tileValue(page, 'deals-won'), '1');
      assert.equal(await tileValue(page, 'tasks-failed'), '0');
      await expectVisible(page.getByTestId('tile-cash'));
      await expectVisible(page.getByTestId('tile-runway'));
      assert.match((await tileValue(page, 'ai-messages')) ?? '', /^\d+$/);
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 4);
      await expectVisible(page.getByRole('img', { name: /^Leads per source: 2 in all/ }));
      await expectVisible(page.getByRole('img', { name: /^Posts published per week over the last 12 weeks/ }));
      await expectVisible(page.getByRole('heading', { name: 'Revenue and costs, last 12 months' }));
      await page.screenshot({ path: `${ARTIFACTS_DIR}dashboard-1280.png`, fullPage: true });

      // Act: the new-leads tile is a link to the leads list
      await page.getByTestId('tile-new-leads').click();

      // Assert
      await expectPath(page, new RegExp(`^/orgs/${owner.org.id}/leads$`));
      await expectVisible(page.getByText('Nina New').first());

      // Act: back, and the won-deals tile opens the list filtered on won
      await page.goBack();
      await page.getByTestId('tile-deals-won').click();

      // Assert
      await expectPath(page, new RegExp(`^/orgs/${owner.org.id}/leads$`));
      assert.equal(new URL(page.url()).searchParams.get('stage'), 'won');
    },
  );

  browserTest(
    'when the new organisation opens its dashboard, then the getting-started checklist shows its progress and links, and an owner can put it away and bring it back',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'onboard');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      const checklist = await api({ path: `/api/orgs/${owner.org.id}/onboarding`, token: owner.token });

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Dashboard' }));
      if (checklist.status !== 200) {
        // The checklist's API is not there: the card says so, and the dashboard still works.
        await expectVisible(page.getByText(/The getting-started checklist could not load/));
        await expectChartDrawn(page);
        return;
      }
      const card = page.getByTestId('onboarding-card');
      await expectVisible(card);
      await expectVisible(
        page
          .getByTestId('onboarding-progress')
          .getByText(`${checklist.body.doneCount} of ${checklist.body.total} done`),
      );
      const goalLink = page.getByTestId('onboarding-step-goal').getByRole('link').first();
      assert.equal(await goalLink.getAttribute('href'), `/orgs/${owner.org.id}/goals`);
      const bankLink = page.getByTestId('onboarding-step-bank').getByRole('link').first();
      assert.equal(await bankLink.getAttribute('href'), `/orgs/${owner.org.id}/money/import`);

      // Act: put it away
      await card.getByRole('button', { name: 'Put away' }).click();

      // Assert: gone, kept on the server, and a way back
      const restore = page.getByRole('button', { name: /Show the getting-started checklist/ });
      await expectVisible(restore);
      assert.equal(await card.count(), 0);
      const stored = await api({ path: `/api/orgs/${owner.org.id}/onboarding`, token: owner.token });
      assert.equal(stored.body.dismissed, true);

      // Act: bring it back
      await restore.click();

      // Assert
      await expectVisible(page.getByTestId('onboarding-card'));
      const back = await api({ path: `/api/orgs/${owner.org.id}/onboarding`, token: owner.token });
      assert.equal(back.body.dismissed, false);
    },
  );

  browserTest(
    'when an owner opens Settings, Activity, then the account statistics and three drawn charts show, and the period can change',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'activity');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/activity`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Organisation activity' }));
      const members = page.locator('.stat', { hasText: 'Members' }).first();
      await expectVisible(members);
      assert.equal((await members.locator('dd').textContent())?.trim(), '1');
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 3);
      await expectVisible(page.getByRole('img', { name: /^Sign-ins per day over the last 30 days/ }));
      await expectVisible(page.getByText('1 in the last 30 days').first());

      // Act
      await page.getByLabel('Period').selectOption('7');

      // Assert
      await expectPath(page, /\/settings\/activity$/);
      assert.equal(new URL(page.url()).searchParams.get('days'), '7');
      await expectVisible(page.getByRole('img', { name: /^Members joined per day over the last 7 days: 1 in total/ }));
      await expectChartDrawn(page);
    },
  );

  browserTest(
    'when the dashboard opens on a 390 px wide phone, then the tiles sit two to a row, the charts draw and nothing scrolls sideways',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'phone');
      const page = await newUserPage({ viewport: { width: 390, height: 844 } });
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/dashboard`);

      // Assert
      await expectChartDrawn(page);
      await page.waitForFunction(() => document.querySelectorAll('canvas[data-rendered="true"]').length === 4);
      const layout = await page.evaluate(() => {
        const tiles = [...document.querySelectorAll('.dashboard-tiles > li')].map((li) => li.getBoundingClientRect());
        return {
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          firstRowTiles: tiles.filter((box) => Math.abs(box.top - tiles[0].top) < 2).length,
          widestCanvas: Math.max(
            ...[...document.querySelectorAll('canvas')].map((c) => c.getBoundingClientRect().right),
          ),
        };
      });
      await page.screenshot({ path: `${ARTIFACTS_DIR}dashboard-390.png`, fullPage: true });
      assert.ok(
        layout.page <= layout.viewport,
        `the page is ${layout.page} px wide in a ${layout.viewport} px viewport`,
      );
      assert.equal(layout.firstRowTiles, 2);
      assert.ok(layout.widestCanvas <= layout.viewport, `a chart ends at ${layout.widestCanvas} px`);
    },
  );
});
