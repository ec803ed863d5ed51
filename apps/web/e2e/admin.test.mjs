/* global fetch */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { eventually, expectChartDrawn, expectFieldError, expectVisible } from './support/expect.mjs';
import { horizontalOverflow } from './support/autonomy.mjs';
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
  browserTest(
    'when the admin changes a plan and adds credits on an organisation, then its MRR and the metrics follow, and the pages fit a phone',
    async ({ newUserPage, admin, adminToken, api, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'plan');
      const token = await adminToken();
      const page = await newUserPage();
      await signInByCookie(page, admin);
      await page.goto('/admin/orgs');
      const search = page.getByRole('search');
      await search.getByLabel('Search organisations').fill(owner.org.slug);
      await search.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: owner.org.name }).click();

      // Act: the plan
      const planForm = page.getByRole('form', { name: 'Change the plan' });
      await planForm.getByLabel('Plan').selectOption('enterprise');
      await planForm.getByRole('button', { name: 'Change plan' }).click();

      // Assert
      await eventually(async () => assert.equal(await page.getByTestId('org-mrr').textContent(), '$299.00'));
      const detail = await api({ path: `/api/admin/orgs/${owner.org.id}`, token });
      assert.equal(detail.body.mrrCents, 29_900);
      assert.deepEqual(
        detail.body.movements.map((m) => [m.kind, m.toCents, m.source]),
        [['new', 29_900, 'admin']],
      );

      // Act: credits, a bad amount first
      const credits = page.getByRole('form', { name: 'Adjust credits' });
      await credits.getByLabel('Credits to add or remove').fill('0');
      await credits.getByLabel('Reason').fill('Goodwill');
      await credits.getByRole('button', { name: 'Adjust credits' }).click();
      await expectFieldError(credits.getByLabel('Credits to add or remove'), /non-zero/i);
      await credits.getByLabel('Credits to add or remove').fill('25');
      await credits.getByRole('button', { name: 'Adjust credits' }).click();

      // Assert
      await eventually(async () => assert.equal(await page.getByTestId('org-credits').textContent(), '25'));

      // Act: the metrics
      await page.goto('/admin/metrics');

      // Assert: MRR now is what the API says, drawn in a chart, with the month's movements.
      const metrics = await api({ path: '/api/admin/metrics', token });
      assert.ok(metrics.body.mrrNowCents >= 29_900);
      const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
        metrics.body.mrrNowCents / 100,
      );
      await eventually(async () => assert.equal(await page.getByTestId('mrr-now').textContent(), expected));
      await expectChartDrawn(page);
      await expectVisible(page.getByRole('table', { name: 'MRR movements' }));

      // Assert: every new admin page fits a 390 px phone (tables scroll inside their own box).
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of [
        '/admin/metrics',
        `/admin/orgs?org=${owner.org.id}`,
        '/admin/orgs',
        '/admin/disputes',
        '/admin/ai-usage',
        '/admin/health',
        '/admin/users',
      ]) {
        await page.goto(path);
        await expectVisible(page.getByRole('heading', { level: 2 }));
        await page.waitForLoadState('networkidle');
        assert.equal(await horizontalOverflow(page), 0, `${path} scrolls sideways at 390 px`);
      }
    },
  );

  browserTest(
    'when an owner disputes a charge, then the admin sees it and refunds it with a required note',
    async ({ newUserPage, admin, adminToken, api, baseUrl }) => {
      // Arrange: 10 credits given, 3 spent, the spend disputed.
      const owner = await ownerWithOrg(baseUrl, 'dispute');
      const token = await adminToken();
      const given = await api({
        method: 'POST',
        path: `/api/admin/orgs/${owner.org.id}/credits/adjust`,
        token,
        body: { amount: 10, reason: 'Welcome credits' },
      });
      assert.equal(given.status, 201);
      const spent = await fetch(new URL(`/api/orgs/${owner.org.id}/credits/consume`, baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${owner.token}`,
          'idempotency-key': `e2e-${randomBytes(6).toString('hex')}`,
        },
        body: JSON.stringify({ amount: 3, reason: 'Market report' }),
      });
      assert.equal(spent.status, 201);
      const entryId = (await spent.json()).entry.id;
      const opened = await api({
        method: 'POST',
        path: `/api/orgs/${owner.org.id}/credits/entries/${entryId}/disputes`,
        token: owner.token,
        body: { reason: 'The report never arrived' },
      });
      assert.equal(opened.status, 201);
      const page = await newUserPage();
      await signInByCookie(page, admin);

      // Act
      await page.goto('/admin/disputes');
      const card = page.getByRole('article').filter({ hasText: owner.org.name });
      await expectVisible(card.getByText('The report never arrived'));
      await expectVisible(card.getByText(/-3 credits \(consume: Market report\)/));
      const form = card.getByRole('form');
      await form.getByRole('button', { name: 'Resolve dispute' }).click();

      // Assert: both the outcome and the note are required.
      await expectVisible(form.getByText('Pick refund or reject'));
      await expectFieldError(form.getByLabel('Note for the organisation'), /note/i);

      // Act
      await form.getByLabel('Refund the credits').check();
      await form.getByLabel('Note for the organisation').fill('Sorry: refunded');
      await form.getByRole('button', { name: 'Resolve dispute' }).click();

      // Assert: it leaves the open list, and the credits are back.
      await eventually(async () => assert.equal(await card.count(), 0));
      const wallet = await api({ path: `/api/orgs/${owner.org.id}/credits`, token: owner.token });
      assert.equal(wallet.body.balance, 10);
      const resolved = await api({ path: '/api/admin/disputes?status=refunded&limit=100', token });
      const mine = resolved.body.items.find((d) => d.org.id === owner.org.id);
      assert.equal(mine?.resolutionNote, 'Sorry: refunded');
    },
  );
});
