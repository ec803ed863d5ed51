// Autonomy you can trust, on a new organisation: a goal measured by a live number, the "What
// worked" page before any outcome, relative times that keep ticking, and all of it on a 390 px
// phone. The insight cards are in autonomy-undo.test.mjs and autonomy-dismiss.test.mjs (each
// needs a demo business on an API of its own).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe } from 'node:test';
import { expectOk, horizontalOverflow } from './support/autonomy.mjs';
import { expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

/** Today as the API's default org timezone (UTC) counts it. */
const today = () => new Date().toISOString().slice(0, 10);

describe('autonomy you can trust', () => {
  browserTest(
    'when the owner sets a revenue goal from the form, then its page shows the live revenue against the target, and a sale booked afterwards moves it',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'goal-revenue');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/goals`);

      // Act
      await page.getByRole('button', { name: 'New goal' }).click();
      const form = page.getByRole('form', { name: 'New goal' });
      await form.getByRole('textbox', { name: 'Goal' }).fill('Bring in 5,000 of revenue');
      await form.getByRole('combobox', { name: 'Measure by' }).selectOption('revenue');
      await form.getByRole('textbox', { name: 'Target (USD)' }).fill('5,000');
      await form.getByRole('button', { name: 'Set goal' }).click();

      // Assert: measured by the books from now: nothing yet, never a head start.
      const goalUrl = await expectPath(page, /\/goals\/[0-9a-f-]{36}$/, { timeoutMs: 30_000 });
      const live = page.getByTestId('goal-live');
      await expectVisible(live.getByText('$0.00 of $5,000.00'));
      assert.equal(await page.getByRole('progressbar', { name: 'Goal progress' }).getAttribute('aria-valuenow'), '0');
      await expectVisible(live.getByTestId('goal-track').getByText(/^(On track|Off track)$/));
      assert.ok(((await live.getByTestId('goal-live-summary').textContent()) ?? '').trim().length > 10);

      // Act: a sale of 1,250.00 comes into the books today.
      const base = `/api/orgs/${owner.org.id}/finance`;
      const account = expectOk(
        await api({
          method: 'POST',
          path: `${base}/accounts`,
          token: owner.token,
          body: { name: 'Checking', kind: 'bank', openingBalanceMinor: 0 },
        }),
        201,
        'create the account',
      );
      expectOk(
        await api({
          method: 'POST',
          path: `${base}/transactions`,
          token: owner.token,
          body: { amountMinor: 125_000, counterparty: 'Acme Corp', date: today(), accountId: account.id },
        }),
        201,
        'book the sale',
      );
      await page.goto(goalUrl.href);

      // Assert: the live number moved: a quarter of the target.
      await expectVisible(live.getByText('$1,250.00 of $5,000.00'));
      assert.equal(await page.getByRole('progressbar', { name: 'Goal progress' }).getAttribute('aria-valuenow'), '25');
      await expectVisible(
        live.getByTestId('goal-live-text').getByText(/^25% of the target · .*\d+% of the time gone$/),
      );

      // Assert: the list shows the same live progress, and both fit a phone.
      await page.goto(`/orgs/${owner.org.id}/goals`);
      await expectVisible(page.getByRole('progressbar', { name: 'Progress of Bring in 5,000 of revenue' }));
      await expectVisible(page.getByTestId('goal-live').getByText('$1,250.00 of $5,000.00'));
      await page.setViewportSize({ width: 390, height: 844 });
      for (const href of [`/orgs/${owner.org.id}/goals`, goalUrl.pathname]) {
        await page.goto(href);
        await expectVisible(page.getByTestId('goal-live'));
        const overflow = await horizontalOverflow(page);
        assert.ok(overflow <= 0, `${href} scrolls sideways by ${overflow} px at 390 px`);
      }
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'autonomy-goal-390.png'), fullPage: true });
    },
  );

  browserTest(
    'when an org has no outcomes yet, then "What worked" (linked from Insights) explains that it fills as actions get outcomes, at 1280 and 390 px',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'what-worked');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/insights`);

      // Act
      await page.getByRole('link', { name: 'What worked' }).click();

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'What worked', level: 1 }));
      await expectVisible(page.getByRole('heading', { name: 'Nothing measured yet' }));
      await expectVisible(page.getByText(/fills as the AI CEO’s actions get outcomes/));
      await expectVisible(page.getByText(/within 14 days/));
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `What worked scrolls sideways by ${overflow} px at 390 px`);
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'autonomy-what-worked-390.png'), fullPage: true });
    },
  );

  browserTest(
    'when the browser clock runs 11 seconds behind the server, then a task made just now reads "Created just now" (never "in 11 seconds") and a minute later "1 minute ago" without a reload',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: a task made now by the server; the browser's clock 11 s behind it.
      const owner = await ownerWithOrg(baseUrl, 'relative-times');
      const task = expectOk(
        await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/tasks`,
          token: owner.token,
          body: { type: 'report', title: 'Weekly report', input: { period: 'week' } },
        }),
        201,
        'queue a task',
      );
      const page = await newUserPage();
      await page.clock.install({ time: new Date(Date.now() - 11_000) });
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/tasks?task=${task.id}`);

      // Assert
      const detail = page.getByTestId('task-detail');
      const created = detail.locator('dt:has-text("Created") + dd');
      await expectVisible(created.getByText('just now', { exact: true }));
      assert.doesNotMatch((await detail.textContent()) ?? '', /in \d+ seconds?/);

      // Act: a little over a minute passes on the page's clock.
      await page.clock.fastForward(72_000);

      // Assert: the same text moved on by itself, and keeps moving.
      await expectVisible(created.getByText('1 minute ago', { exact: true }));
      await page.clock.fastForward(120_000);
      await expectVisible(created.getByText('3 minutes ago', { exact: true }));
    },
  );
});
