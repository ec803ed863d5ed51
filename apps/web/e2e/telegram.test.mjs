// The owner's Telegram from the SPA: Settings → Telegram → Connect gives a one-time link; in
// development it opens the local Telegram stand-in's chat page (the API runs without a
// TELEGRAM_BOT_TOKEN outside production, so it starts the embedded stand-in), where pressing Send
// sends `/start <token>` to the bot as Telegram would. The SPA, which polls while the link waits,
// turns to "linked" by itself; notification switches are saved; the bot's messages are logged.
// The page fits a 390 px phone; a plain member cannot link.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { PASSWORD, linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { expectOk, horizontalOverflow } from './support/autonomy.mjs';
import { eventually, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();
const PHONE = { width: 390, height: 844 };
const MIN_TAP_PX = 44;
const DAILY_SUMMARY = /^A daily summary/;

const statusOf = async (api, owner) =>
  expectOk(await api({ token: owner.token, path: `/api/orgs/${owner.org.id}/telegram` }), 200, 'read the status');

/** The element's box is at least 44 px tall (and on screen). */
const expectTapTarget = async (locator, what) => {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  assert.ok(box, `${what} has no box`);
  assert.ok(box.height >= MIN_TAP_PX, `${what} is ${box.height} px tall (under ${MIN_TAP_PX})`);
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${what} is off the screen (${JSON.stringify(box)})`);
};

describe('Telegram settings', () => {
  browserTest(
    'when the owner connects through the local stand-in and presses Send, then the page turns linked by itself, keeps the notification choices and shows the welcome in the log',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange: an owner with no chat linked, on a server whose bot is the embedded stand-in.
      const owner = await ownerWithOrg(baseUrl, 'tg-owner');
      const before = await statusOf(api, owner);
      assert.equal(
        before.mode,
        'local-stand-in',
        `the e2e API should run the embedded Telegram stand-in: ${JSON.stringify(before)}`,
      );
      assert.equal(before.link, null);
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act: Settings → Telegram → Connect Telegram.
      await page.goto(`/orgs/${owner.org.id}/settings/profile`);
      await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Telegram' }).click();
      await expectPath(page, /\/settings\/telegram$/);
      await expectVisible(page.getByRole('heading', { name: 'Telegram', exact: true }));
      await expectVisible(page.getByText(/reports, answers your questions, lets you approve or reject/));
      await page.getByRole('button', { name: 'Connect Telegram' }).click();

      // Assert: the t.me link opens in a new tab, with its countdown and a Copy button.
      const openInTelegram = await expectVisible(page.getByRole('link', { name: 'Open in Telegram' }));
      const tmeUrl = await openInTelegram.getAttribute('href');
      assert.match(tmeUrl, /^https:\/\/t\.me\/\w+\?start=[\w-]{1,64}$/);
      assert.equal(await openInTelegram.getAttribute('target'), '_blank');
      assert.match((await openInTelegram.getAttribute('rel')) ?? '', /\bnoopener\b/);
      const token = new URL(tmeUrl).searchParams.get('start');
      assert.equal(new URL(tmeUrl).pathname.slice(1), before.botUsername);
      await expectVisible(page.getByText(/This link works for (10|9) more minutes\./));
      await expectVisible(page.getByRole('button', { name: 'Copy link' }));

      // Act: the development link goes to the stand-in's chat page with the same token, in a real tab.
      const standInLink = await expectVisible(page.getByRole('link', { name: 'Open the local Telegram stand-in' }));
      const [chat] = await Promise.all([page.waitForEvent('popup'), standInLink.click()]);
      await chat.waitForLoadState('domcontentloaded');
      const chatUrl = new URL(chat.url());
      assert.equal(chatUrl.hostname, '127.0.0.1', `the stand-in is not local: ${chat.url()}`);
      assert.equal(chatUrl.pathname, '/chat');
      assert.equal(chatUrl.searchParams.get('start'), token);
      const message = chat.getByRole('textbox', { name: 'Message' });
      assert.equal(await message.inputValue(), `/start ${token}`);
      await chat.getByRole('button', { name: 'Send', exact: true }).click();
      // The toast shows for a few seconds only: watch for it from now on.
      const linkedToast = expectVisible(page.getByRole('status').filter({ hasText: 'Telegram linked' }), {
        timeoutMs: 15_000,
      });
      linkedToast.catch(() => {}); // awaited below; not an unhandled rejection if a step before fails
      const welcome = await expectVisible(chat.locator('.msg.bot'), { timeoutMs: 15_000 });
      const welcomeText = (await welcome.textContent()) ?? '';

      // Assert: back in the SPA, linked without a reload.
      await page.bringToFront();
      await linkedToast;
      const linkedLine = await expectVisible(page.getByTestId('telegram-linked'));
      assert.match(await linkedLine.textContent(), /^Linked to .+ since .+\.$/);
      const after = await statusOf(api, owner);
      assert.ok(after.link, `the API has no link: ${JSON.stringify(after)}`);
      assert.ok((await linkedLine.textContent()).includes(after.link.firstName));
      await expectVisible(page.getByRole('button', { name: 'Unlink' }));
      assert.equal(await page.getByRole('link', { name: 'Open in Telegram' }).count(), 0);
      const members = page.getByRole('list', { name: 'Members with a linked chat' });
      await expectVisible(members.getByText(owner.name));

      // Act: switch off the daily summary.
      const daily = page.getByRole('checkbox', { name: DAILY_SUMMARY });
      assert.equal(await daily.isChecked(), true, 'a new link gets every notification');
      await daily.uncheck();
      await expectVisible(page.getByRole('status').filter({ hasText: 'Saved.' }));

      // Assert: still off after a reload, and stored; the others stay on.
      await page.reload();
      await expectVisible(page.getByTestId('telegram-linked'));
      assert.equal(await page.getByRole('checkbox', { name: DAILY_SUMMARY }).isChecked(), false);
      assert.equal(await page.getByRole('checkbox', { name: /^Actions waiting for my approval/ }).isChecked(), true);
      const saved = await statusOf(api, owner);
      assert.equal(saved.link.notifications.dailySummary, false);
      assert.equal(saved.link.notifications.approvals, true);

      // Assert: the message log shows what the bot sent the chat (the welcome), newest first.
      const sent = expectOk(
        await api({ token: owner.token, path: `/api/orgs/${owner.org.id}/telegram/messages` }),
        200,
        'read the message log',
      );
      assert.ok(sent.items.length >= 1, 'the bot sent nothing');
      const first = sent.items.at(-1);
      assert.equal(first.status, 'sent');
      const opening = first.text.split('\n')[0].trim().slice(0, 30);
      assert.ok(
        welcomeText.includes(opening),
        `the log's first message "${first.text}" is not the welcome the chat got: "${welcomeText}"`,
      );
      await expectVisible(page.getByRole('heading', { name: 'Messages the bot sent' }));
      const log = page.getByRole('list', { name: 'Messages the bot sent, newest first' });
      const entry = log.getByRole('listitem').filter({ hasText: opening });
      await expectVisible(entry);
      await expectVisible(entry.getByText('Sent', { exact: true }));

      // On a phone: nothing wider than the screen, the main controls visible and easy to tap.
      const phone = await newUserPage({ viewport: PHONE });
      await signInByCookie(phone, owner);
      await phone.goto(`/orgs/${owner.org.id}/settings/telegram`);
      await expectVisible(phone.getByTestId('telegram-linked'));
      await expectVisible(phone.getByRole('heading', { name: 'Messages the bot sent' }));
      await expectVisible(
        phone.getByRole('list', { name: 'Messages the bot sent, newest first' }).getByRole('listitem'),
      );
      const overflow = await horizontalOverflow(phone);
      assert.ok(overflow <= 0, `the Telegram page is ${overflow} px wider than the phone`);
      await expectTapTarget(phone.getByRole('button', { name: 'Unlink' }), 'Unlink');
      await expectTapTarget(
        phone.locator('label').filter({ has: phone.getByRole('checkbox', { name: DAILY_SUMMARY }) }),
        'the daily summary switch',
      );

      // Unlink on the phone: asked first, then back to "Connect Telegram".
      await phone.getByRole('button', { name: 'Unlink' }).click();
      const dialog = phone.getByRole('dialog', { name: 'Unlink Telegram?' });
      await expectVisible(dialog);
      await dialog.getByRole('button', { name: 'Unlink' }).click();
      const connect = await expectVisible(phone.getByRole('button', { name: 'Connect Telegram' }));
      await expectTapTarget(connect, 'Connect Telegram');
      assert.equal((await statusOf(api, owner)).link, null);
      assert.equal(await horizontalOverflow(phone), 0);
    },
  );

  browserTest(
    'when a plain member opens Telegram settings, then there is no Connect button and no org-wide sections',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: the owner invites a member, who accepts through the API.
      const owner = await ownerWithOrg(baseUrl, 'tg-org');
      const email = uniqueEmail('tg-member');
      expectOk(
        await api({
          method: 'POST',
          path: `/api/orgs/${owner.org.id}/invitations`,
          token: owner.token,
          body: { email, role: 'member' },
        }),
        201,
        'invite the member',
      );
      const token = new URL(linkIn(await readMail(email), `${baseUrl}/invitations/`)).pathname.split('/').pop();
      const { accessToken } = await signupViaApi(baseUrl, { email, name: 'Mo Member' });
      expectOk(
        await api({ method: 'POST', path: '/api/invitations/accept', token: accessToken, body: { token } }),
        200,
        'accept the invitation',
      );
      const page = await newUserPage();
      await signInByCookie(page, { email });

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/telegram`);

      // Assert
      await expectVisible(page.getByRole('heading', { name: 'Telegram', exact: true }));
      await expectVisible(page.getByText(/An owner or admin of this organisation links Telegram chats/));
      assert.equal(await page.getByRole('button', { name: 'Connect Telegram' }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Messages the bot sent' }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'Linked in this org' }).count(), 0);
      // The API agrees: a member may not make a link.
      const refused = await api({
        method: 'POST',
        path: `/api/orgs/${owner.org.id}/telegram/link`,
        token: accessToken,
      });
      assert.equal(refused.status, 403);
      await eventually(async () => assert.equal(await horizontalOverflow(page), 0));
    },
  );

  browserTest(
    'when the server has no Telegram bot, then the page says it is not set up and offers nothing to click',
    async ({ newUserPage }) => {
      // Arrange: no TELEGRAM_BOT_TOKEN, and a stand-in address of one's own that keeps the embedded one off.
      const server = await startApi({
        logName: 'api-telegram-off',
        env: { TELEGRAM_API_ROOT: 'http://127.0.0.1:9' },
      });
      try {
        const owner = await ownerWithOrg(server.baseUrl, 'tg-off');
        const page = await newUserPage();
        const login = await page
          .context()
          .request.post(`${server.baseUrl}/api/auth/login`, { data: { email: owner.email, password: PASSWORD } });
        assert.equal(login.status(), 200);

        // Act
        await page.goto(`${server.baseUrl}/orgs/${owner.org.id}/settings/telegram`);

        // Assert
        const notice = await expectVisible(page.getByTestId('telegram-not-configured'));
        assert.match(await notice.textContent(), /Telegram is not set up on this server.*TELEGRAM_BOT_TOKEN/);
        assert.equal(await page.getByRole('button', { name: 'Connect Telegram' }).count(), 0);
        assert.equal(await page.getByRole('main').getByRole('button').count(), 0);
        assert.equal(await page.getByRole('heading', { name: 'Messages the bot sent' }).count(), 0);
      } finally {
        await server.stop();
      }
    },
  );
});
