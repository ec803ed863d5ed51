/* global fetch, AbortSignal, document */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

/** Spends credits the way an integration would: the API with an Idempotency-Key header. */
const consumeViaApi = async (baseUrl, { orgId, token, amount, reason }) => {
  const res = await fetch(new URL(`/api/orgs/${orgId}/credits/consume`, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, reason }),
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(res.status, 201, `consume answered ${res.status} ${await res.clone().text()}`);
  return res.json();
};

describe('credits', () => {
  browserTest(
    'when an owner buys 100 credits on the local Stripe checkout, spends some through the API and disputes the charge, then Billing shows the balance, both entries and the open dispute',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'credits');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/billing`);
      await expectVisible(page.getByRole('heading', { name: 'Credits' }));
      await expectVisible(page.getByText('No credit activity yet'));

      // Act: buy a pack on the stand-in's hosted checkout page.
      await page.getByRole('button', { name: 'Buy 100 credits' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Buy 100 credits' }));
      assert.notEqual(new URL(page.url()).origin, baseUrl);
      await page.getByRole('button', { name: 'Pay' }).click();

      // Assert: back on Billing; the webhook has credited the pack.
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/settings/billing$`));
      assert.equal(new URL(page.url()).searchParams.get('credits'), 'success');
      const balance = page.getByTestId('credit-balance');
      await eventually(async () => {
        await page.reload();
        await expectVisible(balance.getByText('100 credits'), { timeoutMs: 2_000 });
      });
      const history = page.getByRole('table', { name: /Credit history/ });
      await expectVisible(history.getByRole('row').filter({ hasText: 'Purchase' }).filter({ hasText: '+100' }));

      // Act: spend 30 credits through the API.
      await consumeViaApi(baseUrl, {
        orgId: owner.org.id,
        token: owner.token,
        amount: 30,
        reason: 'Report generation',
      });
      await page.reload();

      // Assert
      await expectVisible(balance.getByText('70 credits'));
      const consumeRow = history.getByRole('row').filter({ hasText: 'Report generation' });
      await expectVisible(consumeRow.filter({ hasText: '-30' }));

      // Act: dispute it, first with no reason.
      await consumeRow.getByRole('button', { name: /^Dispute consume/ }).click();
      const reason = page.getByLabel('Reason');
      await page.getByRole('button', { name: 'Open dispute' }).click();

      // Assert
      await expectFieldError(reason, /Say what is wrong/);

      // Act
      await reason.fill('The report never arrived');
      await page.getByRole('button', { name: 'Open dispute' }).click();

      // Assert: listed as open, and the entry can no longer be disputed twice.
      await expectVisible(page.getByRole('status').getByText(/Dispute opened/));
      const disputes = page.getByRole('table', { name: /Credit disputes/ });
      await expectVisible(
        disputes.getByRole('row').filter({ hasText: 'The report never arrived' }).filter({ hasText: 'Open' }),
      );
      await expectVisible(consumeRow.getByText('Disputed'));
      assert.equal(await consumeRow.getByRole('button', { name: /^Dispute/ }).count(), 0);

      // Assert: at 360 px the page does not scroll sideways (tables scroll inside their own box).
      await page.setViewportSize({ width: 360, height: 800 });
      await expectVisible(balance);
      assert.ok(
        (await page.evaluate(() => document.documentElement.scrollWidth)) <= 360,
        'the billing page overflows at 360 px',
      );
    },
  );

  browserTest(
    'when the ledger has more entries than one page, then "Load more" appends the older ones, oldest last',
    async ({ newUserPage, baseUrl, api, adminToken }) => {
      // Arrange: a platform admin grants 50 credits, then 21 charges make 22 entries (a page is 20).
      const owner = await ownerWithOrg(baseUrl, 'credits-pages');
      const adjusted = await api({
        method: 'POST',
        path: `/api/admin/orgs/${owner.org.id}/credits/adjust`,
        token: await adminToken(),
        body: { amount: 50, reason: 'Welcome credits' },
      });
      assert.equal(adjusted.status, 201);
      for (let i = 1; i <= 21; i += 1)
        await consumeViaApi(baseUrl, { orgId: owner.org.id, token: owner.token, amount: 1, reason: `Charge ${i}` });
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/billing`);
      const history = page.getByRole('table', { name: /Credit history/ });
      await expectVisible(history.getByText('Charge 21'));
      assert.equal(await history.locator('tbody tr').count(), 20);
      assert.equal(await history.getByText('Welcome credits').count(), 0);

      // Act
      await page.getByRole('button', { name: 'Load more' }).click();

      // Assert
      await expectVisible(history.getByText('Welcome credits'));
      assert.equal(await history.locator('tbody tr').count(), 22);
      await expectVisible(history.locator('tbody tr').last().getByText('Welcome credits'));
      assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0);
      await expectVisible(page.getByTestId('credit-balance').getByText('29 credits'));
    },
  );
});
