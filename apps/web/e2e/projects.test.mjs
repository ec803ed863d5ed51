import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { expectOk } from './support/autonomy.mjs';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const DAY_MS = 24 * 3600 * 1000;

/** YYYY-MM-DD `days` from today (UTC, the new org's zone). */
const dayFromToday = (days) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

const getProject = async (api, owner, projectId) =>
  expectOk(await api({ path: `/api/orgs/${owner.org.id}/projects/${projectId}`, token: owner.token }), 200, 'project');

describe('projects', () => {
  browserTest(
    'when the owner creates a project for a lead, plans it with the offline writer, ticks a milestone and moves the card on the board, then progress, overdue counts, the board and the client page all follow',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'projects');
      expectOk(
        await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/leads`,
          token: owner.token,
          body: { name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines' },
        }),
        201,
        'lead',
      );
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/projects`);

      // Assert: the empty state says where projects come from.
      await expectVisible(page.getByRole('heading', { name: 'No projects yet' }));
      await expectVisible(page.getByText(/accepts a proposal, its project appears here/));

      // Act: a new project for Ada's company, 40 days in, 20 to go, with a budget typed in dollars.
      await page.getByRole('button', { name: 'New project' }).click();
      const form = page.getByRole('form', { name: 'New project' });
      await form.getByLabel('Project name').fill('Website redesign');
      await form.getByLabel('Lead (optional)').fill('Ada');
      await form.getByRole('button', { name: /Ada Lovelace/ }).click();
      await expectVisible(form.getByTestId('picked-lead').getByText('Ada Lovelace'));
      assert.equal(await form.getByLabel('Client', { exact: true }).inputValue(), 'Analytical Engines');
      assert.equal(await form.getByLabel('Client email').inputValue(), 'ada@example.com');
      await form.getByLabel('Priority').selectOption('high');
      await form.getByLabel('Start').fill(dayFromToday(-40));
      await form.getByLabel('Due', { exact: true }).fill(dayFromToday(20));
      await form.getByLabel('Budget (USD)').fill('5,000');
      await form.getByRole('button', { name: 'Create project' }).click();

      // Assert: its page, linked to the lead, with the budget in cents.
      const url = await expectPath(page, /\/projects\/[0-9a-f-]{36}$/);
      const projectId = url.pathname.split('/').at(-1);
      await expectVisible(page.getByRole('heading', { name: 'Website redesign', level: 1 }));
      await expectVisible(page.getByRole('link', { name: 'Lead Ada Lovelace' }));
      await expectVisible(page.getByTestId('project-budget').getByText('$5,000.00'));
      const created = await getProject(api, owner, projectId);
      assert.equal(created.budgetMinor, 500_000);
      assert.equal(created.priority, 'high');
      assert.equal(created.clientEmail, 'ada@example.com');

      // Act: plan with the AI (offline here), keeping four of the five stages.
      await page.getByRole('button', { name: 'Plan with AI' }).click();
      const plan = page.getByRole('dialog', { name: 'Plan with AI' });
      await plan.getByRole('button', { name: 'Suggest milestones' }).click();
      await expectVisible(plan.getByTestId('plan-source').getByText(/offline writer/));
      const suggestions = plan.getByRole('list', { name: 'Suggested milestones' }).getByRole('checkbox');
      assert.equal(await suggestions.count(), 5);
      await plan.getByRole('checkbox', { name: /Handover/ }).uncheck();
      await plan.getByRole('button', { name: 'Add selected (4)' }).click();

      // Assert: four milestones, the first three already past due.
      await expectVisible(page.getByRole('status').filter({ hasText: '4 milestones added' }));
      const milestones = page.getByTestId('milestone');
      await eventually(async () => assert.equal(await milestones.count(), 4));
      await expectVisible(page.getByTestId('milestones-overdue').getByText('3 overdue'));
      const progress = page.getByRole('progressbar', { name: 'Project progress' });
      assert.equal(await progress.getAttribute('aria-valuenow'), '0');

      // Act: tick Kickoff done.
      await page.getByRole('checkbox', { name: 'Done: Kickoff' }).check();

      // Assert: a quarter done, one fewer overdue, and the API agrees.
      await eventually(async () => assert.equal(await progress.getAttribute('aria-valuenow'), '25'));
      await expectVisible(page.getByTestId('milestones-overdue').getByText('2 overdue'));
      await eventually(async () => {
        const saved = await getProject(api, owner, projectId);
        assert.equal(saved.progressPercent, 25);
        assert.equal(saved.milestones.find((m) => m.title === 'Kickoff').done, true);
      });

      // Act: the API refuses the next tick once.
      let refused = 0;
      await page.route('**/milestones/*', async (route) => {
        if (route.request().method() !== 'PATCH' || refused > 0) return route.fallback();
        refused += 1;
        return route.fulfill({
          status: 404,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'Milestone not found', requestId: 'e2e' } }),
        });
      });
      // click, not check: the tick shows at once and is taken back, which check() counts as not ticking.
      await page.getByRole('checkbox', { name: 'Done: Discovery' }).click();

      // Assert: the tick goes back and says why.
      await expectVisible(
        page.getByRole('status').filter({ hasText: /Discovery.*was not saved: Milestone not found/ }),
      );
      await eventually(async () =>
        assert.equal(await page.getByRole('checkbox', { name: 'Done: Discovery' }).isChecked(), false),
      );
      assert.equal(await progress.getAttribute('aria-valuenow'), '25');
      await page.unroute('**/milestones/*');

      // Act: move the last milestone up one place.
      await page.getByRole('button', { name: 'Move Review and revisions up' }).click();

      // Assert
      await eventually(async () => {
        const saved = await getProject(api, owner, projectId);
        assert.deepEqual(
          saved.milestones.map((m) => m.title),
          ['Kickoff', 'Discovery', 'Review and revisions', 'Build and first draft'],
        );
      });
      assert.equal(await milestones.nth(2).getAttribute('data-milestone'), 'Review and revisions');

      // Act: the list.
      await page.getByRole('link', { name: 'All projects' }).click();

      // Assert: the row shows priority, progress, overdue and the next milestone.
      const row = page.getByRole('row', { name: /Website redesign/ });
      await expectVisible(row.getByText('25%'));
      await expectVisible(row.getByText('High'));
      await expectVisible(row.getByTestId('overdue-count').getByText('2 overdue'));
      await expectVisible(row.getByText('Discovery'));
      await expectVisible(row.getByText('Analytical Engines'));

      // Act: the board, then a move with the card's select.
      await page.getByRole('button', { name: 'Board' }).click();
      assert.equal(new URL(page.url()).search, '?view=board');
      const column = (status) => page.locator(`[data-status="${status}"]`);
      const cardIn = (status) => column(status).getByTestId('project-card').filter({ hasText: 'Website redesign' });
      await expectVisible(cardIn('planning'));
      await cardIn('planning').getByLabel('Status of Website redesign').selectOption('in_progress');

      // Assert
      await expectVisible(cardIn('in_progress'));
      await expectVisible(page.getByRole('status').filter({ hasText: 'Website redesign moved to In progress' }));

      // Act: drag it on to Review.
      await cardIn('in_progress').dragTo(column('review'));

      // Assert: moved, saved, and still there (and still the board) after a reload.
      await expectVisible(cardIn('review'));
      await eventually(async () => assert.equal((await getProject(api, owner, projectId)).status, 'review'));
      await page.reload();
      await expectVisible(cardIn('review'));
      assert.equal(await page.getByRole('button', { name: 'Board' }).getAttribute('aria-pressed'), 'true');

      // Act: open the client's progress page from the project.
      await cardIn('review').getByRole('link', { name: 'Website redesign' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Website redesign', level: 1 }));
      const [clientPage] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('link', { name: /^Open it/ }).click(),
      ]);

      // Assert: the read-only page (served by the API) shows the progress and the milestones.
      await clientPage.waitForLoadState();
      assert.equal(new URL(clientPage.url()).pathname.startsWith('/api/public/projects/'), true);
      await expectVisible(clientPage.getByRole('heading', { name: 'Website redesign' }));
      assert.equal(await clientPage.getByRole('progressbar').first().getAttribute('aria-valuenow'), '25');
      await expectVisible(clientPage.getByText('Review and revisions'));
      assert.equal(await clientPage.getByText('Handover').count(), 0);
    },
  );

  browserTest(
    'when a transaction is tagged to a project in Money, then the project counts it as spent, and deleting the project leaves the transaction in the books',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: a project with a budget, an account and an expense.
      const owner = await ownerWithOrg(baseUrl, 'projects-money');
      const org = (path) => `/api/orgs/${owner.org.id}${path}`;
      const project = expectOk(
        await api({
          method: 'POST',
          path: org('/projects'),
          token: owner.token,
          body: { name: 'Brand refresh', clientName: 'Hopper Compilers', budgetMinor: 300_000 },
        }),
        201,
        'project',
      );
      const account = expectOk(
        await api({
          method: 'POST',
          path: org('/finance/accounts'),
          token: owner.token,
          body: { name: 'Main bank', kind: 'bank' },
        }),
        201,
        'account',
      );
      const expense = expectOk(
        await api({
          method: 'POST',
          path: org('/finance/transactions'),
          token: owner.token,
          body: {
            date: dayFromToday(-2),
            amountMinor: -120_000,
            accountId: account.id,
            counterparty: 'Print Shop',
            description: 'Brochures',
          },
        }),
        201,
        'expense',
      );
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/money/transactions`);

      // Act: tag it in its dialog.
      await page.getByRole('button', { name: /^Edit Print Shop/ }).click();
      const form = page.getByRole('form', { name: 'Edit transaction' });
      await form.getByLabel('Project').selectOption({ label: 'Brand refresh (Hopper Compilers)' });
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectVisible(page.getByRole('status').filter({ hasText: 'Transaction saved' }));
      await eventually(async () => {
        const res = await api({ path: org(`/finance/transactions/${expense.id}`), token: owner.token });
        assert.equal(res.body.projectId, project.id);
      });

      // Act: the project's page.
      await page.goto(`/orgs/${owner.org.id}/projects/${project.id}`);

      // Assert: spent and remaining against the budget, and the transaction listed.
      await expectVisible(page.getByTestId('project-spent').getByText('$1,200.00'));
      await expectVisible(page.getByTestId('project-remaining').getByText('$1,800.00'));
      await expectVisible(page.getByRole('meter', { name: 'Budget spent' }));
      await expectVisible(
        page.getByRole('table', { name: 'Transactions tagged to this project' }).getByRole('rowheader', {
          name: 'Print Shop',
        }),
      );
      await expectVisible(page.getByRole('link', { name: 'Open the transactions in Money' }));

      // Act: delete the project.
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('dialog', { name: /Delete “Brand refresh”/ });
      await expectVisible(confirm.getByText(/Transactions tagged to it stay in the books/));
      await confirm.getByRole('button', { name: 'Delete project' }).click();

      // Assert: back on the (empty) list; the expense is still in the books, untagged.
      await expectPath(page, /\/projects$/);
      await expectVisible(page.getByRole('heading', { name: 'No projects yet' }));
      const res = await api({ path: org(`/finance/transactions/${expense.id}`), token: owner.token });
      assert.equal(res.status, 200);
      assert.equal(res.body.projectId, null);
    },
  );
});
