import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { PASSWORD, callApi, linkIn, loginViaApi, signupViaApi, uniqueEmail, waitForMail } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { horizontalOverflow, staleBusiness } from './support/autonomy.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

// The demo business has open leads nobody contacted for 14+ days (Dana Whitfield, 21 days...).
// Its API runs the task executor in-process every 2 seconds (it is also nudged when tasks are queued).
let demo;
let owner;
before(async () => {
  demo = await startApi({
    seedDemo: true,
    logName: 'api-autonomous',
    env: { TASK_EXECUTOR_CRON: '*/2 * * * * *', AGENTIC_UNDO_MINUTES: '0' },
  });
  // The demo owner's password is printed once, in the start-up banner.
  const password = demo.output().match(/Password:\s+(\S+)/)?.[1];
  assert.ok(password, `no demo password in the API output:\n${demo.output()}`);
  const session = await loginViaApi(demo.baseUrl, { email: 'demo@aiceo.local', password });
  const orgs = await callApi(demo.baseUrl, { path: '/api/orgs', token: session.accessToken });
  assert.equal(orgs.status, 200);
  owner = { email: 'demo@aiceo.local', password, token: session.accessToken, orgId: orgs.body.items[0].id };
});
after(async () => {
  await demo?.stop();
});

const signIn = async (page, { email, password = PASSWORD }) => {
  const res = await page.context().request.post(`${demo.baseUrl}/api/auth/login`, { data: { email, password } });
  assert.equal(res.status(), 200, `log in as ${email}`);
};

describe('autonomous work', () => {
  browserTest(
    'when the owner clicks "Analyze now" with stale leads, then a stale-leads insight lists follow-up tasks that the executor completes, each with the message it wrote',
    async ({ newUserPage }) => {
      // Arrange: a business the engine has not looked at yet (the demo's first analysis ran at seed time).
      const stale = await staleBusiness(demo.baseUrl, 'analyze');
      const page = await newUserPage();
      await signIn(page, stale);
      await page.goto(`${demo.baseUrl}/orgs/${stale.orgId}/insights`);
      await expectVisible(page.getByRole('heading', { name: 'Insights', level: 1 }));

      // Act
      await page.getByRole('button', { name: 'Analyze now' }).click();

      // Assert: the run says what it found and the feed shows the stale-leads insight with its tasks.
      await expectVisible(
        page.getByTestId('analyze-result').getByText(/Analysis done: \d+ insights?, \d+ tasks? created/),
      );
      const insight = page.locator('article[data-kind="stale_leads"]').first();
      await expectVisible(insight.getByText('Stale leads'));
      await expectVisible(insight.getByText('90% confidence'));
      await expectVisible(insight.getByText(/have had no contact for 14\+ days/));
      const created = insight.locator('li[data-action-kind="task_created"]');
      await eventually(async () => assert.ok((await created.count()) >= 1, 'no follow-up task created'));
      const followups = await created.count();
      await expectVisible(page.getByTestId('last-run').getByText(/Last analysis .+: \d+ insights?, \d+ tasks?\./));
      // The tasks' statuses on the insight are live: they turn to Completed without a reload.
      await eventually(
        async () => assert.equal(await created.locator('[data-status="COMPLETED"]').count(), followups),
        { timeoutMs: 30_000 },
      );
      await page.screenshot({ path: `${ARTIFACTS_DIR}autonomous-insights.png`, fullPage: true });

      // Act: the task queue.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Tasks', level: 1 }));

      // Assert: the follow-ups are completed, and the chips count them.
      const table = page.getByRole('table', { name: 'Tasks' });
      const rows = table.locator('tbody tr[data-task-type="lead_followup"]');
      await eventually(async () => assert.ok((await rows.count()) >= followups));
      await eventually(
        async () =>
          assert.equal(
            await table.locator('tbody tr[data-task-type="lead_followup"][data-status="COMPLETED"]').count(),
            await rows.count(),
          ),
        { timeoutMs: 30_000 },
      );
      await expectVisible(rows.first().getByText('AI CEO'));
      await expectVisible(rows.first().getByText(/^1\/\d+$/));
      await eventually(async () => {
        const completed = Number(
          ((await page.getByTestId('task-chip-COMPLETED').textContent()) ?? '').replace(/\D/g, ''),
        );
        assert.ok(completed >= followups, `the Completed chip counts ${completed}`);
      });

      // Act: open one.
      await rows.first().getByRole('link').click();

      // Assert: the detail shows the follow-up message the AI wrote, and the lead it is for.
      const detail = page.getByTestId('task-detail');
      await expectVisible(detail.getByText('Lead follow-up'));
      const message = detail.getByRole('region', { name: 'Follow-up message' });
      await expectVisible(message);
      assert.ok(((await message.textContent()) ?? '').trim().length > 20, 'the follow-up message is empty');
      await expectVisible(detail.getByText(/Not emailed; logged on the lead\./));
      assert.equal(
        await detail.getByRole('button', { name: 'Retry task' }).count(),
        0,
        'a completed task offers Retry',
      );
      await page.screenshot({ path: `${ARTIFACTS_DIR}autonomous-task-detail.png`, fullPage: true });

      // Act + Assert: a task queued by hand is checked against the type's schema before it is sent.
      await page.getByRole('button', { name: 'New task' }).click();
      const form = page.getByRole('form', { name: 'New task' });
      await form.getByRole('button', { name: 'Queue task' }).click();
      await expectFieldError(form.getByRole('textbox', { name: 'Brief' }), /Say what it should be about/);
      await form.getByRole('textbox', { name: 'Brief' }).fill('Our winter catalogue is out');
      await form.getByRole('checkbox', { name: /Publish on LinkedIn/ }).uncheck();
      await form.getByRole('button', { name: 'Queue task' }).click();
      await expectVisible(detail.getByText('Social media post', { exact: true }));
      await eventually(async () => assert.equal(await detail.locator('[data-status="COMPLETED"]').count(), 1), {
        timeoutMs: 30_000,
      });
      await expectVisible(detail.getByTestId('task-output-post').getByText(/Post status: draft/));
    },
  );

  browserTest(
    'when the owner sets a goal, then it reads 0% even after the AI prepared its first step, marking that step done moves the bar, and the dashboard shows it; a member sees insights and goals read-only',
    async ({ newUserPage }) => {
      // Arrange
      const page = await newUserPage();
      await signIn(page, owner);
      await page.goto(`${demo.baseUrl}/orgs/${owner.orgId}/goals`);
      await expectVisible(page.getByRole('heading', { name: 'Goals', level: 1 }));

      // Act
      await page.getByRole('button', { name: 'New goal' }).click();
      const form = page.getByRole('form', { name: 'New goal' });
      await form.getByRole('textbox', { name: 'Goal' }).fill('Sign three retainer clients');
      await form.getByRole('textbox', { name: /Details/ }).fill('Manufacturing companies in the region');
      await form.getByRole('button', { name: 'Set goal' }).click();

      // Assert: the goal's page with its ordered steps and, brand new, nothing done (the executor
      // may already have prepared the first step: that is ready for the owner, not done).
      const goalUrl = await expectPath(page, /\/goals\/[0-9a-f-]{36}$/, { timeoutMs: 30_000 });
      await expectVisible(page.getByRole('heading', { name: 'Sign three retainer clients', level: 1 }));
      const steps = page.getByRole('list', { name: 'Steps' }).locator(':scope > li');
      await eventually(async () => assert.ok((await steps.count()) >= 3, 'fewer than 3 steps planned'));
      const total = await steps.count();
      const progressText = page.getByTestId('goal-progress-text');
      const bar = page.getByRole('progressbar', { name: 'Goal progress' });
      await expectVisible(
        progressText.getByText(new RegExp(`^0 of ${total} steps done \\(0%\\)( · 1 ready for you)?$`)),
      );
      assert.equal(await bar.getAttribute('aria-valuenow'), '0');
      await expectVisible(steps.first().getByText(/^Due /));

      // The first step is due at once: the executor works it, and the page shows its deliverable,
      // the step "Ready for you", and still 0%: the AI drafting a step is not the step done.
      await eventually(async () => assert.equal(await steps.first().getAttribute('data-status'), 'COMPLETED'), {
        timeoutMs: 30_000,
      });
      await expectVisible(steps.first().getByRole('region', { name: /^Deliverable of / }));
      await expectVisible(steps.first().getByTestId('step-state').getByText('Ready for you'));
      await expectVisible(progressText.getByText(`0 of ${total} steps done (0%) · 1 ready for you`));
      assert.equal(await bar.getAttribute('aria-valuenow'), '0');
      assert.equal(await page.getByTestId('goal-status').textContent(), 'Active');

      // Act: the owner did the first step and marks it done.
      await steps
        .first()
        .getByRole('button', { name: /^Mark done: / })
        .click();

      // Assert: the bar moves; the step reads done and can be taken back.
      const onePercent = Math.floor(100 / total);
      await expectVisible(progressText.getByText(`1 of ${total} steps done (${onePercent}%)`, { exact: true }));
      assert.equal(await bar.getAttribute('aria-valuenow'), String(onePercent));
      await expectVisible(steps.first().getByTestId('step-state').getByText('Done ✓'));
      await expectVisible(steps.first().getByRole('button', { name: /^Undo done: / }));
      await page.screenshot({ path: `${ARTIFACTS_DIR}autonomous-goal.png`, fullPage: true });

      // Assert: the goal page fits a 390 px phone, step controls included.
      await page.setViewportSize({ width: 390, height: 844 });
      await expectVisible(steps.first().getByRole('button', { name: /^Undo done: / }));
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `the goal page scrolls sideways by ${overflow} px at 390 px`);
      await page.screenshot({ path: `${ARTIFACTS_DIR}autonomous-goal-390.png`, fullPage: true });
      await page.setViewportSize({ width: 1280, height: 800 });

      // Assert: the dashboard's goals card lists it with its progress.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      const card = page.getByRole('region', { name: 'Goals' });
      await expectVisible(card.getByRole('link', { name: 'Sign three retainer clients' }));
      await expectVisible(card.getByRole('progressbar', { name: 'Progress of Sign three retainer clients' }));
      await expectVisible(card.getByText(`1/${total} steps done (${onePercent}%)`));
      await page.screenshot({ path: `${ARTIFACTS_DIR}autonomous-dashboard.png`, fullPage: true });

      // Arrange: a member joins the org (invited through the API; the demo owner reads the outbox).
      const email = uniqueEmail('autonomous-member');
      const invited = await callApi(demo.baseUrl, {
        method: 'POST',
        path: `/api/orgs/${owner.orgId}/invitations`,
        token: owner.token,
        body: { email, role: 'member' },
      });
      assert.equal(invited.status, 201, JSON.stringify(invited.body));
      const token = new URL(
        linkIn(await waitForMail(demo.baseUrl, { adminToken: owner.token, to: email }), `${demo.baseUrl}/invitations/`),
      ).pathname
        .split('/')
        .pop();
      const { accessToken } = await signupViaApi(demo.baseUrl, { email, name: 'Member Mo' });
      assert.equal(
        (
          await callApi(demo.baseUrl, {
            method: 'POST',
            path: '/api/invitations/accept',
            token: accessToken,
            body: { token },
          })
        ).status,
        200,
      );
      // The feed has something to show even when this test runs alone.
      const analyzed = await callApi(demo.baseUrl, {
        method: 'POST',
        path: `/api/orgs/${owner.orgId}/agentic/analyze`,
        token: owner.token,
      });
      assert.ok([200, 409].includes(analyzed.status), JSON.stringify(analyzed.body));

      // Act
      const memberPage = await newUserPage();
      await signIn(memberPage, { email });
      await memberPage.goto(`${demo.baseUrl}/orgs/${owner.orgId}/insights`);

      // Assert: the feed is there, without any button that acts on it.
      await expectVisible(memberPage.getByRole('list', { name: 'Insight feed' }).locator('article').first());
      await expectVisible(memberPage.getByText('Only admins and owners can analyze, accept, dismiss or undo.'));
      for (const name of ['Analyze now', /^Accept/, /^Dismiss/, /^Undo/])
        assert.equal(await memberPage.getByRole('button', { name }).count(), 0, `a member sees ${name}`);
      await memberPage.screenshot({ path: `${ARTIFACTS_DIR}autonomous-member-insights.png`, fullPage: true });

      // Assert: goals are read-only too.
      await memberPage.goto(`${demo.baseUrl}/orgs/${owner.orgId}/goals`);
      await expectVisible(memberPage.getByRole('link', { name: 'Sign three retainer clients' }));
      assert.equal(await memberPage.getByRole('button', { name: 'New goal' }).count(), 0, 'a member sees New goal');
      await memberPage.getByRole('link', { name: 'Sign three retainer clients' }).click();
      await expectVisible(memberPage.getByRole('heading', { name: 'Sign three retainer clients', level: 1 }));
      assert.equal(
        await memberPage.getByRole('button', { name: 'Cancel goal' }).count(),
        0,
        'a member sees Cancel goal',
      );
      await expectVisible(memberPage.getByRole('list', { name: 'Steps' }).getByText('Done ✓'));
      assert.equal(
        await memberPage.getByRole('button', { name: /^(Mark done|Undo done): / }).count(),
        0,
        'a member can mark steps done',
      );

      // Act: the owner cancels the goal.
      await page.goto(goalUrl.href);
      await page.getByRole('button', { name: 'Cancel goal' }).click();
      await page
        .getByRole('dialog', { name: 'Cancel this goal?' })
        .getByRole('button', { name: 'Cancel goal' })
        .click();

      // Assert
      await expectVisible(page.getByTestId('goal-status').getByText('Cancelled'));
    },
  );
});
