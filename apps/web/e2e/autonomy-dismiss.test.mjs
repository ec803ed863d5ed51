// Autonomy you can trust: the engine's follow-ups wait ten minutes before they start
// (AGENTIC_UNDO_MINUTES=10); the card says when, and Dismiss cancels them and says exactly what.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { callApi } from './support/api.mjs';
import { analyzeFromInsights, expectOk, horizontalOverflow, signInDemo, staleBusiness } from './support/autonomy.mjs';
import { startApi } from './support/api-server.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

let slow;
before(async () => {
  // A business of stale leads the engine has not looked at yet, on an API whose engine tasks wait 10 minutes.
  const api = await startApi({
    logName: 'api-autonomy-dismiss',
    env: { TASK_EXECUTOR_CRON: '*/2 * * * * *', AGENTIC_UNDO_MINUTES: '10' },
  });
  slow = { api, owner: await staleBusiness(api.baseUrl, 'dismiss') };
});
after(async () => {
  await slow?.api.stop();
});

describe('autonomy: dismiss', () => {
  browserTest(
    'when the owner dismisses an insight whose follow-ups have not started, then the card says exactly what it cancelled, reads Stopped, and its tasks are cancelled; the feed fits a 390 px phone',
    async ({ newUserPage }) => {
      // Arrange
      const page = await newUserPage();
      await signInDemo(page, slow);
      const card = await analyzeFromInsights(page, slow);
      const work = card.getByTestId('insight-work');
      await expectVisible(work.getByText(/^Queued: \d+ follow-ups? starts? in (9|10) minutes/));
      const insightId = (await card.getAttribute('aria-labelledby')).replace(/^insight-|-title$/g, '');

      // Act
      await card.getByRole('button', { name: /^Dismiss:/ }).click();

      // Assert: what was cancelled, in words, on the card; nothing left to accept, dismiss or undo.
      await expectVisible(
        card.getByTestId('insight-decision').getByText(/Cancelled \d+ follow-ups? .*that had not started/),
      );
      await eventually(async () => assert.equal(await card.getAttribute('data-work-state'), 'stopped'));
      await expectVisible(work.getByText(/^Stopped: \d+ follow-ups? cancelled before (it|they) started/));
      await expectVisible(card.getByTestId('insight-status').getByText('Dismissed'));
      for (const name of [/^Accept/, /^Dismiss:/, /^Undo:/])
        assert.equal(await card.getByRole('button', { name }).count(), 0, `${name} still offered`);
      const tasks = expectOk(
        await callApi(slow.api.baseUrl, {
          path: `/api/orgs/${slow.owner.orgId}/tasks?insightId=${insightId}&limit=100`,
          token: slow.owner.token,
        }),
        200,
        'list the insight tasks',
      );
      assert.ok(tasks.items.length > 0);
      assert.deepEqual(new Set(tasks.items.map((task) => task.status)), new Set(['CANCELLED']));

      // Assert: the feed on a phone.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await expectVisible(page.locator('article[data-kind="stale_leads"]').first());
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `the insight feed scrolls sideways by ${overflow} px at 390 px`);
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'autonomy-insights-390.png'), fullPage: true });
    },
  );
});
