/* global document, window */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { signupViaApi, uniqueEmail } from './support/api.mjs';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PHONE = { width: 390, height: 844 };

/** How much wider than the window the page is (0 when it fits). */
const overflow = (page) => page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));

/** Signs up, opens the create form, and creates an organisation as a café; answers { orgId, token }. */
const createCafe = async ({ page, baseUrl, label, name }) => {
  const email = uniqueEmail(label);
  const { accessToken } = await signupViaApi(baseUrl, { email, name: `Owner ${label}` });
  await signInByCookie(page, { email });
  await page.goto('/');
  await expectPath(page, /^\/orgs\/new$/);
  await page.getByLabel('Name', { exact: true }).fill(name);
  // "Other" is chosen until the owner picks an industry.
  assert.equal(await page.getByRole('radio', { name: /^Other/ }).isChecked(), true);
  await page.getByRole('radio', { name: /^Café or restaurant/ }).check();
  await page.getByRole('button', { name: 'Create organisation' }).click();
  const url = await expectPath(page, new RegExp(`^/orgs/${UUID}/dashboard$`));
  return { orgId: url.pathname.split('/')[2], token: accessToken };
};

describe('industry playbooks', () => {
  browserTest(
    'when an org is created as a café, then the board shows its stage names; renaming a stage shows the new name on the board and the lead',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const page = await newUserPage();
      const { orgId, token } = await createCafe({ page, baseUrl, label: 'playbook-cafe', name: 'Blue Door Café' });
      const org = await api({ path: `/api/orgs/${orgId}`, token });
      assert.equal(org.body.playbook, 'cafe_restaurant');
      const lead = await api({
        method: 'POST',
        path: `/api/orgs/${orgId}/leads`,
        token,
        body: { name: 'Wedding party', stage: 'qualified' },
      });
      assert.equal(lead.status, 201);

      // Act
      await page.goto(`/orgs/${orgId}/leads/board`);

      // Assert: the café's words, in the stored stages' columns.
      const column = (stage) => page.locator(`[data-stage="${stage}"]`);
      await expectVisible(column('new').getByRole('heading', { name: /Enquiry/ }));
      await expectVisible(column('qualified').getByRole('heading', { name: /Tasting booked/ }));
      await expectVisible(column('won').getByRole('heading', { name: /Booked/ }));
      await expectVisible(column('qualified').getByTestId('lead-card').filter({ hasText: 'Wedding party' }));

      // Act: rename "Tasting booked" in Business & playbook.
      await page.goto(`/orgs/${orgId}/settings/playbook`);
      await expectVisible(page.getByTestId('current-playbook').getByText('Café or restaurant'));
      const field = page.getByLabel('Stage 3 (default “Qualified”)');
      assert.equal(await field.inputValue(), 'Tasting booked');
      await field.fill('Menu tasting');
      await page.getByRole('button', { name: 'Save stage names' }).click();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Stage names saved' }));

      // Assert: the board, the lead's page and the API agree; the lead kept its stored stage.
      await page.goto(`/orgs/${orgId}/leads/board`);
      await expectVisible(column('qualified').getByRole('heading', { name: /Menu tasting/ }));
      await column('qualified').getByRole('link', { name: 'Wedding party' }).click();
      await expectVisible(page.getByTestId('lead-stage').getByText('Stage: Menu tasting'));
      await eventually(async () => {
        const res = await api({ path: `/api/orgs/${orgId}/leads/${lead.body.id}`, token });
        assert.equal(res.body.stage, 'qualified');
      });
      const after = await api({ path: `/api/orgs/${orgId}`, token });
      assert.equal(after.body.stageLabels.qualified, 'Menu tasting');
    },
  );

  browserTest(
    'when a duplicate stage name is saved, then the field says so and nothing changes',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const page = await newUserPage();
      const { orgId, token } = await createCafe({ page, baseUrl, label: 'playbook-dup', name: 'Twin Tables' });
      await page.goto(`/orgs/${orgId}/settings/playbook`);

      // Act
      await page.getByLabel('Stage 1 (default “New”)').fill('booked');
      await page.getByRole('button', { name: 'Save stage names' }).click();

      // Assert
      await expectVisible(page.getByText(/already the name of another stage/));
      const org = await api({ path: `/api/orgs/${orgId}`, token });
      assert.equal(org.body.stageLabels.new, 'Enquiry');
    },
  );

  browserTest(
    'when a café owner on a 390 px phone adds a suggested goal, then it is set and the pages fit the screen',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const page = await newUserPage({ viewport: PHONE });
      const email = uniqueEmail('playbook-phone');
      const { accessToken: token } = await signupViaApi(baseUrl, { email, name: 'Phone Owner' });
      await signInByCookie(page, { email });
      await page.goto('/orgs/new');
      await expectVisible(page.getByRole('radio', { name: /^Café or restaurant/ }));
      assert.equal(await overflow(page), 0, 'the create form is wider than the phone');
      await page.getByLabel('Name', { exact: true }).fill('Pocket Bistro');
      await page.getByRole('radio', { name: /^Café or restaurant/ }).check();
      await page.getByRole('button', { name: 'Create organisation' }).click();
      const url = await expectPath(page, new RegExp(`^/orgs/${UUID}/dashboard$`));
      const orgId = url.pathname.split('/')[2];

      await page.goto(`/orgs/${orgId}/settings/playbook`);
      await expectVisible(page.getByRole('heading', { name: 'Pipeline stage names' }));
      assert.equal(await overflow(page), 0, 'Business & playbook is wider than the phone');

      // Act
      await page.goto(`/orgs/${orgId}/goals`);
      await expectVisible(page.getByRole('heading', { name: 'Suggested for café or restaurant' }));
      assert.equal(await overflow(page), 0, 'the goals page is wider than the phone');
      await page.getByRole('button', { name: 'Add this goal: Take 20,000 this month' }).click();

      // Assert: set through the goal endpoint, and no longer suggested.
      await expectVisible(page.getByRole('status').filter({ hasText: 'Goal set: Take 20,000 this month' }), {
        timeoutMs: 20_000,
      });
      await eventually(async () =>
        assert.equal(await page.getByRole('button', { name: 'Add this goal: Take 20,000 this month' }).count(), 0),
      );
      const goals = await api({ path: `/api/orgs/${orgId}/goals`, token });
      const goal = goals.body.items.find((g) => g.title === 'Take 20,000 this month');
      assert.ok(goal, 'the goal is in the API');
      assert.equal(goal.live?.metric, 'revenue');
    },
  );
});
