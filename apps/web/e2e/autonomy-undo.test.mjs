// Autonomy you can trust: an insight's Undo is offered only while it can still cancel something.
// The demo's engine tasks start at once (AGENTIC_UNDO_MINUTES=0), their emails wait in the
// approval inbox; once those are decided nothing is left to undo and the card reads Done.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { callApi } from './support/api.mjs';
import { analyzeFromInsights, expectOk, signInDemo, startDemo } from './support/autonomy.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

let quick;
before(async () => {
  quick = await startDemo({ logName: 'api-autonomy-undo', undoMinutes: 0 });
});
after(async () => {
  await quick?.api.stop();
});

describe('autonomy: undo', () => {
  browserTest(
    'when the engine\'s follow-ups ran and their emails wait for approval, then Undo is offered; once the emails are decided it is gone and the card reads Done (never "Undone"); Undo on another says what it cancelled; the leads show "Follow-up drafted, not sent"',
    async ({ newUserPage }) => {
      // Arrange
      const page = await newUserPage();
      await signInDemo(page, quick);

      // Act: the engine queues follow-ups, which the executor runs at once.
      const card = await analyzeFromInsights(page, quick);

      // Assert: the follow-ups ran and their emails wait in the approval inbox; Undo would still cancel those.
      const work = card.getByTestId('insight-work');
      await eventually(async () => assert.equal(await card.getAttribute('data-work-state'), 'waiting_approval'), {
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      await expectVisible(
        work.getByText(/^Waiting for your approval: \d+ emails?; nothing goes out until you approve/),
      );
      const inbox = work.getByRole('link', { name: 'Open the approval inbox' });
      assert.match(await inbox.getAttribute('href'), new RegExp(`/orgs/${quick.owner.orgId}/approvals$`));
      await expectVisible(card.getByRole('button', { name: /^Undo:/ }));
      await expectVisible(card.getByText(/(waits for your approval|until you approve it in the approval inbox)/));

      // Act: the owner rejects those emails (in the inbox; here through the API).
      const insightId = (await card.getAttribute('aria-labelledby')).replace(/^insight-|-title$/g, '');
      const pending = expectOk(
        await callApi(quick.api.baseUrl, {
          path: `/api/orgs/${quick.owner.orgId}/approvals?status=pending&limit=100`,
          token: quick.owner.token,
        }),
        200,
        'list the approval inbox',
      );
      const ids = pending.items.filter((item) => item.insightId === insightId).map((item) => item.id);
      assert.ok(ids.length > 0, 'the card waits for approval but the inbox holds none of its items');
      expectOk(
        await callApi(quick.api.baseUrl, {
          method: 'POST',
          path: `/api/orgs/${quick.owner.orgId}/approvals/bulk`,
          token: quick.owner.token,
          body: { ids, decision: 'reject', note: 'Not now' },
        }),
        200,
        'reject the emails',
      );
      await page.reload();

      // Assert: the work ran and nothing is left to undo.
      await eventually(async () => assert.equal(await card.getAttribute('data-work-state'), 'done'));
      await expectVisible(work.getByText(/^Done: \d+ follow-ups? ran/));
      assert.equal(await card.getByRole('button', { name: /^Undo:/ }).count(), 0, 'Undo offered after the work ran');

      // Act: Undo on another insight whose emails still wait.
      const undoable = page.locator('article').filter({ has: page.getByRole('button', { name: /^Undo:/ }) });
      await expectVisible(undoable);
      const other = page.locator(
        `article[aria-labelledby="${await undoable.first().getAttribute('aria-labelledby')}"]`,
      );
      await other.getByRole('button', { name: /^Undo:/ }).click();

      // Assert: it says exactly what it cancelled; its follow-ups had run, so it reads Done, not "Undone".
      await expectVisible(
        other.getByTestId('insight-decision').getByText(/Cancelled \d+ items? of the approval inbox/),
      );
      await eventually(async () => assert.equal(await other.getAttribute('data-work-state'), 'done'));
      assert.equal(await other.getByRole('button', { name: /^Undo:/ }).count(), 0, 'Undo still offered');
      assert.equal(await other.getByTestId('insight-status').count(), 0, 'a card whose work ran reads "Undone"');
      await page.screenshot({ path: join(ARTIFACTS_DIR, 'autonomy-undo.png'), fullPage: true });

      // Assert: a follow-up written and not sent shows on the lead list, on the lead, and in its timeline.
      await page.goto(`${quick.api.baseUrl}/orgs/${quick.owner.orgId}/leads`);
      const table = page.getByRole('table', { name: 'Leads' });
      await expectVisible(table.getByTestId('followup-drafted'));
      assert.equal(await table.getByTestId('followup-drafted').first().textContent(), 'Follow-up drafted, not sent');
      await table
        .locator('tr', { has: page.getByTestId('followup-drafted') })
        .first()
        .getByRole('link')
        .first()
        .click();
      await expectVisible(page.getByTestId('followup-drafted'));
      await expectVisible(
        page.getByRole('list', { name: 'Activity timeline' }).getByText('Follow-up drafted, not sent', { exact: true }),
      );
    },
  );
});
