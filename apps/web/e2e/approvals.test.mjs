/* global document, fetch */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { PASSWORD, callApi } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { API_DIR, ARTIFACTS_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

const DAY_MS = 24 * 3600 * 1000;
// Quiet leads of a small business: each had its last email 20 days ago, so the engine proposes a
// follow-up for each, and each proposal waits in the approval inbox.
const LEADS = {
  approve: { name: 'Ada Lovelace', company: 'Analytical Engines' },
  edit: { name: 'Edith Clarke', company: 'Clarke Calculators' },
  reject: { name: 'Rosalind Franklin', company: 'Franklin Labs' },
  unsubscribe: { name: 'Uma Patel', company: 'Patel Prints' },
  bulkOne: { name: 'Barbara Liskov', company: 'Liskov Systems' },
  bulkTwo: { name: 'Bea Ross', company: 'Ross Rockets' },
  waiting: { name: 'Grace Hopper', company: 'Hopper Compilers' },
};
const titleOf = (key) => `Follow-up email to ${LEADS[key].name}`;
const emailOf = (key) => `${LEADS[key].name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`;

let api;
let fake;
let owner;
const leadIds = {};

const expectOk = (res, status, what) => {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  return res.body;
};
const ownerApi = (request) => callApi(api.baseUrl, { token: owner.token, ...request });
const orgPath = (path) => `/api/orgs/${owner.org.id}${path}`;

/** The org's items, newest first, as the API holds them. */
const itemsByTitle = async () => {
  const page = expectOk(await ownerApi({ path: orgPath('/approvals?limit=100') }), 200, 'list approvals');
  return new Map(page.items.map((item) => [item.title, item]));
};
const pendingCount = async () =>
  expectOk(await ownerApi({ path: orgPath('/approvals/count') }), 200, 'count approvals').pending;

before(async () => {
  // An online AI (the local fake speaking OpenAI's wire format) writes the follow-ups, so they
  // are real drafts, not offline templates; the executor runs every 2 seconds.
  const { startFakeAi } = createRequire(join(API_DIR, 'package.json'))('@aiceo/stand-ins/ai/fake-ai');
  fake = await startFakeAi({ host: '127.0.0.1' });
  api = await startApi({
    logName: 'api-approvals',
    env: {
      TASK_EXECUTOR_CRON: '*/2 * * * * *',
      // The engine's follow-ups start at once instead of after the 10-minute undo window.
      AGENTIC_UNDO_MINUTES: '0',
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      OPENAI_MODEL: 'fake-model',
    },
  });
  // The first account of this installation is its platform admin: it reads the outbox, and puts
  // the org on Pro (the free plan's 3 emails a month would not cover this business).
  owner = await ownerWithOrg(api.baseUrl, 'approvals');
  expectOk(
    await ownerApi({ method: 'PATCH', path: `/api/admin/orgs/${owner.org.id}/plan`, body: { plan: 'pro' } }),
    200,
    'move to Pro',
  );
  const lastEmail = new Date(Date.now() - 20 * DAY_MS).toISOString();
  for (const [key, lead] of Object.entries(LEADS)) {
    const created = expectOk(
      await ownerApi({
        method: 'POST',
        path: orgPath('/leads'),
        body: { ...lead, email: emailOf(key), stage: 'contacted', valueCents: 45_000 },
      }),
      201,
      `create ${lead.name}`,
    );
    leadIds[key] = created.id;
    expectOk(
      await ownerApi({
        method: 'POST',
        path: orgPath(`/leads/${created.id}/activities`),
        body: { kind: 'email', summary: 'Sent our price list', occurredAt: lastEmail },
      }),
      201,
      `log the last email to ${lead.name}`,
    );
  }
  // The owner asks the AI CEO to look at the business; its follow-ups go to the inbox.
  expectOk(await ownerApi({ method: 'POST', path: orgPath('/agentic/analyze') }), 200, 'analyze');
  await eventually(async () => assert.equal(await pendingCount(), Object.keys(LEADS).length), {
    timeoutMs: 60_000,
    intervalMs: 500,
  });
});
after(async () => {
  await api?.stop();
  await fake?.close();
});

/** The unsubscribe link a campaign to this lead would carry (from a draft's preview: nothing is sent). */
const unsubscribeLinkOf = async (key) => {
  const campaign = expectOk(
    await ownerApi({
      method: 'POST',
      path: orgPath('/campaigns'),
      body: {
        name: `Link for ${LEADS[key].name}`,
        subject: 'News',
        body: 'Hello {{firstName}}',
        audience: { q: emailOf(key) },
      },
    }),
    201,
    'create a campaign draft',
  );
  const preview = expectOk(
    await ownerApi({ method: 'POST', path: orgPath(`/campaigns/${campaign.id}/preview`) }),
    200,
    'preview the campaign',
  );
  const link = preview.sample[0]?.body.match(/https?:\/\/\S+\/api\/unsubscribe\/\S+/)?.[0];
  assert.ok(link, `no unsubscribe link in ${JSON.stringify(preview)}`);
  return link;
};

/** Signs the page's browser context in as the owner (this file's API, not the suite's). */
const signIn = async (page) => {
  const res = await page
    .context()
    .request.post(`${api.baseUrl}/api/auth/login`, { data: { email: owner.email, password: PASSWORD } });
  assert.equal(res.status(), 200, 'log in');
};
const open = (page, path) => page.goto(`${api.baseUrl}/orgs/${owner.org.id}${path}`);

const card = (page, key) => page.getByRole('article', { name: titleOf(key) });
const navLink = (page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Approvals/ });
const toast = (page, text) => page.locator('.toasts').getByText(text);

describe('approval inbox', () => {
  browserTest(
    'when the engine proposes follow-ups, then the owner approves, edits then approves, rejects, approves several at once, sees why an unsubscribed lead cannot be mailed, and adds an auto-approve rule',
    async ({ newUserPage }) => {
      // Arrange
      const page = await newUserPage();
      await signIn(page);
      await open(page, '/dashboard');

      // Assert: the navigation says how many wait.
      await expectVisible(navLink(page).getByTestId('nav-count').getByText('7'));
      await expectVisible(page.getByRole('link', { name: 'Approvals, 7 waiting' }));

      // Act
      await navLink(page).click();

      // Assert: each item says what, to whom, the exact content, why, the risk and when it expires.
      await expectVisible(page.getByRole('heading', { name: 'Approvals', level: 1 }));
      const feed = page.getByRole('list', { name: 'Approval inbox' });
      await eventually(async () => assert.equal(await feed.getByRole('article').count(), 7));
      const ada = card(page, 'approve');
      await expectVisible(ada.locator('.approval-kind').getByText('Follow-up email'));
      await expectVisible(ada.getByText(`${LEADS.approve.name} <${emailOf('approve')}> (1 person)`));
      await expectVisible(ada.getByTestId('approval-risk'));
      await expectVisible(ada.getByText(/^Expires in \d+ (days?|hours?)$/));
      await expectVisible(ada.getByText('$450.00'));
      await expectVisible(ada.getByRole('region', { name: `Content of ${titleOf('approve')}` }));
      const body = (await ada.getByTestId('approval-body').textContent()) ?? '';
      const items = await itemsByTitle();
      assert.equal(body, items.get(titleOf('approve')).content.body, 'the content shown is not the exact content');
      await expectVisible(ada.getByRole('region', { name: `Why: ${titleOf('approve')}` }).getByText(/no contact/i));
      await expectVisible(ada.getByRole('link', { name: 'See the insight' }));
      await page.screenshot({ path: `${ARTIFACTS_DIR}approvals-inbox.png`, fullPage: true });

      // Act: approve one.
      await page.getByRole('button', { name: `Approve: ${titleOf('approve')}`, exact: true }).click();

      // Assert: it leaves the waiting list, the count follows, and it runs once: the lead gets the email.
      await expectVisible(toast(page, `Approved “${titleOf('approve')}”; queued to run`));
      await eventually(async () => assert.equal(await card(page, 'approve').count(), 0));
      await expectVisible(navLink(page).getByTestId('nav-count').getByText('6'));
      await eventually(async () => assert.equal((await itemsByTitle()).get(titleOf('approve')).status, 'executed'), {
        timeoutMs: 30_000,
      });

      // Act: edit then approve another.
      const edith = card(page, 'edit');
      await edith.getByRole('button', { name: `Edit then approve: ${titleOf('edit')}` }).click();
      const editor = page.getByRole('form', { name: `Edit ${titleOf('edit')}` });
      const edited = `Hi Edith,\n\nThe new calculators ship next week. Shall I reserve two for you?\n\nBest`;
      await editor.getByRole('textbox', { name: 'Subject' }).fill('Your calculators');
      await editor.getByRole('textbox', { name: 'Message' }).fill(edited);
      await editor.getByRole('button', { name: 'Approve with these changes' }).click();

      // Assert: what runs is the edited text.
      await expectVisible(toast(page, `Approved “${titleOf('edit')}”; queued to run`));
      await eventually(async () => assert.equal(await card(page, 'edit').count(), 0));
      const approvedEdit = (await itemsByTitle()).get(titleOf('edit'));
      assert.equal(approvedEdit.edited, true);
      assert.deepEqual(approvedEdit.content, { subject: 'Your calculators', body: edited });

      // Act: reject one, with a note.
      await page.getByRole('button', { name: `Reject: ${titleOf('reject')}` }).click();
      const dialog = page.getByRole('dialog', { name: `Reject “${titleOf('reject')}”?` });
      await dialog.getByRole('textbox', { name: 'Note (optional)' }).fill('She replied by phone');
      await dialog.getByRole('button', { name: 'Reject' }).click();

      // Assert
      await expectVisible(toast(page, `Rejected “${titleOf('reject')}”; nothing was sent`));
      await eventually(async () => assert.equal(await card(page, 'reject').count(), 0));
      const rejected = (await itemsByTitle()).get(titleOf('reject'));
      assert.equal(rejected.status, 'rejected');
      assert.equal(rejected.decisionNote, 'She replied by phone');

      // Arrange: the lead of a waiting item unsubscribes through the link of our mails.
      // (The page answers HTML; the link's host is the API's public URL, so only its path is kept.)
      const link = new URL(await unsubscribeLinkOf('unsubscribe'));
      const unsubscribed = await fetch(new URL(link.pathname, api.baseUrl), { method: 'POST' });
      assert.equal(unsubscribed.status, 200, 'unsubscribe');

      // Act: approve the item made before that.
      await page.getByRole('button', { name: `Approve: ${titleOf('unsubscribe')}`, exact: true }).click();

      // Assert: the server's reason in plain words; the item is refreshed (cancelled, nothing sent).
      await expectVisible(page.getByRole('alert').getByText(new RegExp(`${LEADS.unsubscribe.name} unsubscribed`)));
      await eventually(async () => assert.equal(await card(page, 'unsubscribe').count(), 0));
      assert.equal((await itemsByTitle()).get(titleOf('unsubscribe')).status, 'cancelled');
      await page.screenshot({ path: `${ARTIFACTS_DIR}approvals-conflict.png`, fullPage: true });

      // Act: approve two at once.
      await card(page, 'bulkOne')
        .getByRole('checkbox', { name: `Select ${titleOf('bulkOne')}` })
        .check();
      await card(page, 'bulkTwo')
        .getByRole('checkbox', { name: `Select ${titleOf('bulkTwo')}` })
        .check();
      await expectVisible(page.getByRole('region', { name: 'Selected items' }).getByText('2 selected'));
      await page.getByRole('button', { name: 'Approve selected' }).click();

      // Assert: each answers for itself; one waits.
      await expectVisible(page.getByTestId('approval-bulk-report').getByText(/^Approved 2 of 2 items\./));
      await eventually(async () => assert.equal(await feed.getByRole('article').count(), 1));
      await expectVisible(card(page, 'waiting'));
      await expectVisible(navLink(page).getByTestId('nav-count').getByText('1'));
      const after = await itemsByTitle();
      for (const key of ['bulkOne', 'bulkTwo'])
        assert.ok(['approved', 'executed'].includes(after.get(titleOf(key)).status), `${key} was not approved`);

      // Assert: approved items ran exactly once each; the edited one went out as edited.
      await eventually(
        async () => {
          const now = await itemsByTitle();
          for (const key of ['approve', 'edit', 'bulkOne', 'bulkTwo'])
            assert.equal(now.get(titleOf(key)).status, 'executed', `${key} did not run`);
        },
        { timeoutMs: 30_000 },
      );
      const outbox = expectOk(await ownerApi({ path: '/api/admin/outbox?limit=100' }), 200, 'read the outbox');
      const mailsTo = (key) => outbox.items.filter((mail) => mail.to.toLowerCase() === emailOf(key));
      for (const key of ['approve', 'edit', 'bulkOne', 'bulkTwo'])
        assert.equal(mailsTo(key).length, 1, `${key} got ${mailsTo(key).length} mails`);
      for (const key of ['reject', 'unsubscribe', 'waiting']) assert.equal(mailsTo(key).length, 0, `${key} was mailed`);
      assert.equal(mailsTo('edit')[0].subject, 'Your calculators');
      assert.match(mailsTo('edit')[0].text, /The new calculators ship next week/);

      // Assert: what happened is shown on the decided items.
      await page.getByRole('combobox', { name: 'Show' }).selectOption('executed');
      await expectVisible(card(page, 'edit').getByText(/Approved, and done/));
      await page.getByRole('combobox', { name: 'Show' }).selectOption('cancelled');
      await expectVisible(card(page, 'unsubscribe').getByText(/unsubscribed .*nothing was sent/i));

      // Act: add an auto-approve rule.
      await page
        .getByRole('navigation', { name: 'Approvals' })
        .getByRole('link', { name: 'Auto-approve rules' })
        .click();
      await expectVisible(page.getByRole('heading', { name: 'No rules: everything waits for a yes' }));
      const form = page.getByRole('form', { name: 'New auto-approve rule' });
      await form.getByRole('combobox', { name: 'Kind' }).selectOption('lead_email');
      await form.getByRole('combobox', { name: 'Risk' }).selectOption('low');
      await form.getByRole('textbox', { name: /Only under this amount/ }).fill('1,000');
      await form.getByRole('checkbox', { name: /Only Monday to Friday/ }).check();
      await form.getByRole('button', { name: 'Add rule' }).click();

      // Assert: listed in words, active; pause and resume it.
      const rules = page.getByRole('list', { name: 'Auto-approve rules' });
      const rule = rules.locator('li').first();
      await expectVisible(rule.getByText('Active'));
      const stored = expectOk(await ownerApi({ path: orgPath('/approval-rules') }), 200, 'list rules').items;
      assert.equal(stored.length, 1);
      assert.deepEqual(
        {
          kind: stored[0].kind,
          maxRisk: stored[0].maxRisk,
          max: stored[0].maxMoneyMinor,
          days: stored[0].weekdaysOnly,
        },
        { kind: 'lead_email', maxRisk: 'low', max: 100_000, days: true },
      );
      await expectVisible(rule.getByText(stored[0].description));
      await rule.getByRole('button', { name: /^Pause:/ }).click();
      await expectVisible(rule.getByText('Paused'));
      await rule.getByRole('button', { name: /^Resume:/ }).click();
      await expectVisible(rule.getByText('Active'));
      await page.screenshot({ path: `${ARTIFACTS_DIR}approvals-rules.png`, fullPage: true });

      // Act + Assert: delete it.
      await rule.getByRole('button', { name: /^Delete:/ }).click();
      await page
        .getByRole('dialog', { name: 'Delete this rule?' })
        .getByRole('button', { name: 'Delete rule' })
        .click();
      await expectVisible(page.getByRole('heading', { name: 'No rules: everything waits for a yes' }));
      assert.equal(expectOk(await ownerApi({ path: orgPath('/approval-rules') }), 200, 'list rules').items.length, 0);
    },
  );

  browserTest('when the inbox is opened on a 390 px phone, then nothing scrolls sideways', async ({ newUserPage }) => {
    // Arrange
    const page = await newUserPage({ viewport: { width: 390, height: 844 } });
    await signIn(page);
    const widthOk = async () => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page is ${width} px wide`);
    };

    // Act
    await open(page, '/approvals');

    // Assert: the waiting item and the nav entry with its count, without sideways scrolling.
    await expectVisible(card(page, 'waiting'));
    // On a phone the main navigation is folded: the Menu button carries the count, the open menu the entry.
    await expectVisible(page.getByRole('button', { name: /^Menu/ }).getByTestId('menu-count'));
    await page.getByRole('button', { name: /^Menu/ }).click();
    await expectVisible(navLink(page).getByTestId('nav-count'));
    await widthOk();
    await card(page, 'waiting')
      .getByRole('button', { name: /^Edit then approve:/ })
      .click();
    await expectVisible(page.getByRole('form', { name: `Edit ${titleOf('waiting')}` }));
    await widthOk();
    await page.screenshot({ path: `${ARTIFACTS_DIR}approvals-phone.png`, fullPage: true });

    await page.getByRole('combobox', { name: 'Show' }).selectOption('');
    await expectVisible(card(page, 'unsubscribe'));
    await widthOk();
    await open(page, '/approvals/rules');
    await expectVisible(page.getByRole('form', { name: 'New auto-approve rule' }));
    await widthOk();
    await page.screenshot({ path: `${ARTIFACTS_DIR}approvals-rules-phone.png`, fullPage: true });
  });
});
