/* global fetch, AbortSignal, navigator */
// The owner's side of the website chat: setting the widget up (domains, offer, the snippet and
// its key), then a visitor's conversation (made through the public widget API, as widget.js
// would from the owner's site) seen live in the inbox, taken over and answered; the visitor gets
// the reply through the public sync endpoint. The pages fit a 390 px phone.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { expectOk, horizontalOverflow } from './support/autonomy.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const SITE = 'https://shop.example.com';

/** A call of the public widget API as the owner's page makes it: with that page's Origin. */
const widgetCall = async (baseUrl, { path, body, origin = SITE }) => {
  const res = await fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

/** Nothing on the page is wider than the phone's screen. */
const expectFitsPhone = async (page, what) => {
  const overflow = await horizontalOverflow(page);
  assert.ok(overflow <= 0, `${what} is ${overflow} px wider than the screen`);
};

describe('website chat: settings and inbox', () => {
  browserTest(
    'when the owner sets the chat up and a visitor writes, then the owner sees it live, takes over, and the visitor gets the reply',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: an owner with nothing set up yet.
      const owner = await ownerWithOrg(baseUrl, 'wchat');
      const orgApi = (request) => api({ token: owner.token, ...request });
      const page = await newUserPage();
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
      await signInByCookie(page, owner);

      // The empty inbox says how to install the chat and links to its settings.
      await page.goto(`/orgs/${owner.org.id}/conversations`);
      await expectVisible(page.getByRole('heading', { name: 'No conversations yet' }));
      await page.getByRole('link', { name: 'Settings → Website chat' }).click();
      await expectPath(page, /\/settings\/website-chat$/);

      // Act: switch on, a bad domain first (refused in plain words at the field), then the shop's.
      const form = page.getByRole('form', { name: 'Website chat settings' });
      await form.getByLabel('Show the chat on my website').check();
      await form.getByLabel('Domain 1', { exact: true }).fill('https://shop.example.com/');
      await form.getByRole('button', { name: 'Save' }).click();
      await expectFieldError(form.getByLabel('Domain 1', { exact: true }), /without "https:\/\/"/);
      await form.getByLabel('Domain 1', { exact: true }).fill('shop.example.com');
      await form.getByRole('button', { name: 'Add domain' }).click();
      await form.getByLabel('Domain 2', { exact: true }).fill('*.example.org');
      await form.getByLabel('Greeting').fill('Hi! Ask me about garden design.');
      await form.getByLabel('Services').fill('Garden design and planting');
      await form.getByLabel('Prices').fill('Design from 450 EUR');
      await form.getByLabel('Opening hours').fill('Mon-Fri 9-17');
      await form.getByRole('button', { name: 'Add question' }).click();
      await form.getByLabel('Question 1', { exact: true }).fill('Do you work on weekends?');
      await form.getByLabel('Answer 1', { exact: true }).fill('Only for emergencies.');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert: saved as typed.
      await expectVisible(page.getByRole('status').filter({ hasText: 'Website chat settings saved' }));
      const saved = expectOk(await orgApi({ path: `/api/orgs/${owner.org.id}/widget` }), 200, 'read the settings');
      assert.equal(saved.enabled, true);
      assert.deepEqual(saved.domains, ['shop.example.com', '*.example.org']);
      assert.deepEqual(saved.offer, {
        services: 'Garden design and planting',
        prices: 'Design from 450 EUR',
        hours: 'Mon-Fri 9-17',
        faq: [{ question: 'Do you work on weekends?', answer: 'Only for emergencies.' }],
      });

      // The snippet is copied as shown, and names this installation's widget.js and the key.
      const snippet = page.getByTestId('embed-snippet');
      assert.equal(await snippet.textContent(), saved.embedSnippet);
      assert.match(
        saved.embedSnippet,
        /^<script src="http:\/\/[^"]+\/widget\.js" data-key="wk_[\w-]+" async><\/script>$/,
      );
      await page.getByRole('button', { name: 'Copy', exact: true }).click();
      await expectVisible(page.getByText('Copied to the clipboard.'));
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), saved.embedSnippet);

      // Rotating asks first, says the old snippet stops at once, and replaces the key.
      await page.getByRole('button', { name: 'Rotate key' }).click();
      const dialog = page.getByRole('dialog', { name: 'Replace the chat’s key?' });
      await expectVisible(dialog.getByText('The old snippet stops working at once'));
      await dialog.getByRole('button', { name: 'Replace the key' }).click();
      await eventually(async () => assert.notEqual(await snippet.textContent(), saved.embedSnippet));
      await expectVisible(page.getByTestId('key-rotated').filter({ hasText: 'Key last replaced' }));
      const rotated = expectOk(await orgApi({ path: `/api/orgs/${owner.org.id}/widget` }), 200, 'read the new key');
      assert.notEqual(rotated.publicKey, saved.publicKey);
      assert.equal(await snippet.textContent(), rotated.embedSnippet);

      // The old key is refused by the server; the new one works from the listed site only.
      const old = await widgetCall(baseUrl, { path: '/api/widget/conversations', body: { key: saved.publicKey } });
      assert.equal(old.status, 404, `the old key still works: ${JSON.stringify(old.body)}`);
      const elsewhere = await widgetCall(baseUrl, {
        path: '/api/widget/conversations',
        body: { key: rotated.publicKey },
        origin: 'https://not-the-shop.example.net',
      });
      assert.equal(elsewhere.status, 403, `another site may run the chat: ${JSON.stringify(elsewhere.body)}`);

      // The owner waits on the empty inbox; a visitor starts a conversation on the shop and writes.
      await page.goto(`/orgs/${owner.org.id}/conversations`);
      await expectVisible(page.getByRole('heading', { name: 'No conversations yet' }));
      const started = expectOk(
        await widgetCall(baseUrl, { path: '/api/widget/conversations', body: { key: rotated.publicKey } }),
        200,
        'start a conversation',
      );
      const visitor = { key: rotated.publicKey, visitorToken: started.visitorToken };
      const conversationPath = `/api/widget/conversations/${started.conversationId}`;
      expectOk(
        await widgetCall(baseUrl, {
          path: `${conversationPath}/messages`,
          body: { ...visitor, text: 'Hi, I am Ada Lovelace (ada@example.com). Can you design my garden?' },
        }),
        200,
        'the first message',
      );

      // The owner sees it appear without reloading.
      const list = page.getByRole('navigation', { name: 'Website chat conversations' });
      const item = await expectVisible(list.locator(`a[href$="/conversations/${started.conversationId}"]`), {
        timeoutMs: 15_000,
      });
      await item.click();
      await expectPath(page, new RegExp(`/conversations/${started.conversationId}$`));
      const thread = page.getByRole('log', { name: 'Messages' });
      await expectVisible(thread.getByText('Can you design my garden?'));

      // Take over, then reply (Enter sends; Shift+Enter is a new line).
      await page.getByRole('button', { name: 'Take over' }).click();
      await expectVisible(thread.getByText(/joined the conversation$/));
      await expectVisible(page.getByRole('button', { name: 'Hand back to the AI' }));
      const box = page.getByRole('textbox', { name: 'Reply' });
      await box.fill('Hello Ada, Owner here.');
      await box.press('Shift+Enter');
      await box.pressSequentially('Monday works for a visit.');
      await box.press('Enter');
      await expectVisible(thread.locator('[data-role="human"]').filter({ hasText: 'Monday works for a visit.' }));
      assert.equal(await box.inputValue(), '', 'the reply box was not emptied');

      // Assert: the visitor's widget gets the reply, from the teammate by first name, and the AI paused.
      const synced = expectOk(
        await widgetCall(baseUrl, { path: `${conversationPath}/sync`, body: visitor }),
        200,
        'sync the conversation',
      );
      assert.equal(synced.mode, 'human');
      const human = synced.messages.find((m) => m.role === 'human');
      assert.ok(human, `no human reply in ${JSON.stringify(synced.messages)}`);
      assert.equal(human.text, 'Hello Ada, Owner here.\nMonday works for a visit.');
      assert.equal(human.authorName, 'Owner');

      // The visitor answers: it shows in the open conversation by itself.
      expectOk(
        await widgetCall(baseUrl, {
          path: `${conversationPath}/messages`,
          body: { ...visitor, text: 'Great, Monday at 10 then!' },
        }),
        200,
        'the visitor answers',
      );
      await expectVisible(thread.getByText('Great, Monday at 10 then!'), { timeoutMs: 15_000 });

      // Hand back: the visitor is told the assistant is back.
      await page.getByRole('button', { name: 'Hand back to the AI' }).click();
      await expectVisible(thread.getByText('The assistant is back and will answer from here'));
      const afterHandBack = expectOk(
        await widgetCall(baseUrl, { path: `${conversationPath}/sync`, body: visitor }),
        200,
        'sync after hand-back',
      );
      assert.equal(afterHandBack.mode, 'ai');
      assert.ok(afterHandBack.messages.some((m) => m.text === 'The assistant is back and will answer from here'));

      // On a phone: the list, then the conversation with a way back, and settings, all fit the screen.
      const phone = await newUserPage({ viewport: PHONE });
      await signInByCookie(phone, owner);
      await phone.goto(`/orgs/${owner.org.id}/conversations`);
      const phoneItem = await expectVisible(
        phone
          .getByRole('navigation', { name: 'Website chat conversations' })
          .locator(`a[href$="/conversations/${started.conversationId}"]`),
      );
      await expectFitsPhone(phone, 'the inbox list');
      await phoneItem.click();
      await expectVisible(phone.getByRole('log', { name: 'Messages' }).getByText('Great, Monday at 10 then!'));
      await expectFitsPhone(phone, 'the open conversation');
      await phone.getByRole('link', { name: '← All conversations' }).click();
      await expectPath(phone, /\/conversations$/);
      await phone.goto(`/orgs/${owner.org.id}/settings/website-chat`);
      await expectVisible(phone.getByTestId('embed-snippet'));
      await expectFitsPhone(phone, 'the website chat settings');
    },
  );
});
