import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { eventually, expectVisible } from './support/expect.mjs';
import { horizontalOverflow } from './support/autonomy.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const phone = { width: 390, height: 844 };

describe('AI allowance and AI budgets (the margin guard)', () => {
  browserTest(
    'when the owner opens the AI allowance on a phone, then it says how much is used and that offline answers cost nothing, without sideways scrolling',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'allowance');
      const page = await newUserPage({ viewport: phone });
      await signInByCookie(page, owner);

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/ai-allowance`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'AI allowance this month' }));
      assert.match(
        await page.getByTestId('ai-allowance-sentence').textContent(),
        /^You have used 0% of this month's AI allowance\./,
      );
      await expectVisible(page.getByTestId('ai-allowance-offline'));
      assert.match(await page.getByTestId('ai-allowance-money').textContent(), /Allowance\$0\.50/);
      assert.equal(await page.getByRole('meter').getAttribute('aria-valuenow'), '0');
      assert.equal(await horizontalOverflow(page), 0);
    },
  );

  browserTest(
    'when the platform admin raises an org and saves the plan budgets on a phone, then the list and the alerts follow, without sideways scrolling',
    async ({ newUserPage, admin, adminToken, api, baseUrl }) => {
      // Arrange: a first raise through the API puts the org on this month's list.
      const owner = await ownerWithOrg(baseUrl, 'raise');
      const token = await adminToken();
      const first = await api({
        method: 'POST',
        path: `/api/admin/orgs/${owner.org.id}/ai-budget/raise`,
        token,
        body: { amountCents: 100, reason: 'Set-up' },
      });
      assert.equal(first.status, 200);
      const page = await newUserPage({ viewport: phone });
      await signInByCookie(page, admin);
      await page.goto('/admin/ai-budget');
      const row = page.locator(`tr[data-org="${owner.org.id}"]`);
      await expectVisible(row);

      // Act: raise by $2.50 more
      await row.getByRole('button', { name: 'Raise' }).click();
      const form = page.getByRole('form', { name: `Raise the AI allowance of ${owner.org.name}` });
      await form.getByLabel('Add (USD, this month only)').fill('2.50');
      await form.getByLabel('Reason', { exact: true }).fill('Launch week');
      await form.getByRole('button', { name: 'Raise allowance' }).click();

      // Assert
      await eventually(async () => assert.match(await row.textContent(), /\$0\.00 of \$4\.00 \(\$3\.50 added\)/));
      await expectVisible(page.getByText(/raised the AI allowance of .* by \$2\.50: Launch week/));
      assert.equal(await horizontalOverflow(page), 0);

      // Act: the Pro plan gets 35% of its price
      const plansForm = page.getByRole('form', { name: 'AI budget per plan' });
      await plansForm.getByRole('group', { name: /Pro/ }).getByLabel('Share of the price (%)').fill('35');
      await plansForm.getByRole('button', { name: 'Save budgets' }).click();

      // Assert
      await expectVisible(plansForm.getByText(/budget now \$10\.15/));
      const saved = await api({ path: '/api/admin/ai-budgets', token });
      assert.equal(saved.body.plans.find((p) => p.plan === 'pro').sharePercent, 35);
      assert.equal(await horizontalOverflow(page), 0);
      // Put the defaults back for other tests on this server.
      await api({
        method: 'PUT',
        path: '/api/admin/ai-budgets',
        token,
        body: {
          free: { sharePercent: 30, floorCents: 50 },
          pro: { sharePercent: 30, floorCents: 0 },
          enterprise: { sharePercent: 30, floorCents: 0 },
        },
      });
    },
  );
});
