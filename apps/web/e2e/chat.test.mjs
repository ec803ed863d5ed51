import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe } from 'node:test';
import { startApi } from './support/api-server.mjs';
import { URL } from 'node:url';
import { PASSWORD, linkIn, signupViaApi, uniqueEmail } from './support/api.mjs';
import { eventually, expectFieldError, expectPath, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { API_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

const OFFLINE_NOTE = 'Offline mode: a template over your data, not a model';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** "AI messages left this month: N of M" as numbers. */
const aiMessagesLeft = async (page) => {
  const text = await expectVisible(page.getByText(/^AI messages left this month: [\d,]+ of [\d,]+$/)).then((l) =>
    l.textContent(),
  );
  const [, left, limit] = text.match(/: ([\d,]+) of ([\d,]+)$/).map((n) => n.replaceAll(',', ''));
  return { left: Number(left), limit: Number(limit) };
};

const thread = (page) => page.getByRole('log', { name: 'Messages' });
const answers = (page) => thread(page).getByRole('article', { name: 'AI CEO' });

describe('chat with the AI CEO', () => {
  browserTest(
    'when an owner asks for a summary in offline mode, then the answer streams in with the offline badge and real org data, stays after a reload, and uses no AI message (offline answers cost nothing)',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'chat-offline');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/chat`);
      await expectVisible(page.getByRole('heading', { name: 'AI CEO', level: 1 }));
      await expectVisible(page.locator('.page-header').getByText('Offline mode', { exact: true }));
      const before = await aiMessagesLeft(page);

      // Act
      const composer = page.getByRole('textbox', { name: 'Message' });
      await composer.fill('Give me a summary of the business');
      await composer.press('Enter');

      // Assert: the conversation exists, the question is shown, and the answer streams in.
      await expectPath(page, new RegExp(`/orgs/${owner.org.id}/chat/${UUID}$`));
      await expectVisible(
        thread(page).getByRole('article', { name: 'You' }).getByText('Give me a summary of the business'),
      );
      const answer = answers(page).last();
      await expectVisible(answer.getByText(OFFLINE_NOTE));
      await eventually(async () => assert.equal(await answer.getAttribute('data-status'), 'complete'), {
        timeoutMs: 20_000,
      });
      // Built from the org's real data: a new organisation is on Free with its one member.
      const text = await answer.textContent();
      assert.match(text, /Free plan/);
      assert.match(text, /\b1 member\b/);
      assert.match(text, new RegExp(owner.org.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      // Offline template answers cost nothing: the count stays where it was.
      await eventually(async () => assert.equal((await aiMessagesLeft(page)).left, before.left));
      await expectVisible(page.getByRole('button', { name: 'Send' }));

      // Act: reload.
      await page.reload();

      // Assert: both messages were stored; the conversation is listed.
      await expectVisible(
        thread(page).getByRole('article', { name: 'You' }).getByText('Give me a summary of the business'),
      );
      const stored = answers(page).last();
      await expectVisible(stored.getByText(OFFLINE_NOTE));
      assert.match(await stored.textContent(), /Free plan/);
      assert.equal(await answers(page).count(), 1);
      assert.equal((await aiMessagesLeft(page)).left, before.left);
      await expectVisible(page.getByRole('complementary', { name: 'Conversations' }).getByRole('link').first());
    },
  );

  browserTest(
    'when an answer from a provider is stopped half-way and then retried, then the partial answer is kept as stopped and the retry completes with the provider label',
    async ({ newUserPage }) => {
      // Arrange: an API whose only provider is the local fake OpenAI, writing one word every 50 ms.
      // The API's devDependency @aiceo/stand-ins, built (turbo builds it with the API).
      const { startFakeAi } = createRequire(join(API_DIR, 'package.json'))('@aiceo/stand-ins/ai/fake-ai');
      const fake = await startFakeAi({ tokenDelayMs: 50, host: '127.0.0.1' });
      const online = await startApi({
        logName: 'api-chat-online',
        env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: fake.baseUrlFor('openai'), OPENAI_MODEL: 'fake-model' },
      });
      try {
        const owner = await ownerWithOrg(online.baseUrl, 'chat-online');
        const page = await newUserPage();
        const login = await page
          .context()
          .request.post(`${online.baseUrl}/api/auth/login`, { data: { email: owner.email, password: PASSWORD } });
        assert.equal(login.status(), 200);
        await page.goto(`${online.baseUrl}/orgs/${owner.org.id}/chat`);
        await expectVisible(page.locator('.page-header').getByText(/^Online/));
        const words = Array.from({ length: 80 }, (_, i) => `word${i + 1}`);
        const reply = words.join(' ');

        // Act: ask for a long answer (the fake answers with the text in [[reply:...]]).
        const composer = page.getByRole('textbox', { name: 'Message' });
        await composer.fill(`Write the list please [[reply:${reply}]]`);
        await page.getByRole('button', { name: 'Send' }).click();

        // Assert: part of it is on screen while it is still being written.
        const answer = answers(page).last();
        await expectVisible(answer.getByText(/word3\b/));
        assert.equal(await answer.getAttribute('data-status'), 'streaming');
        assert.ok(
          !(await answer.textContent()).includes('word80'),
          'the whole answer arrived before Stop could be pressed',
        );

        // Act: stop it.
        await page.getByRole('button', { name: 'Stop' }).click();

        // Assert: marked stopped, with what had come so far.
        const stopped = answers(page).last();
        await expectVisible(stopped.getByText('Stopped', { exact: true }));
        assert.equal(await stopped.getAttribute('data-status'), 'stopped');
        const partial = await stopped.textContent();
        assert.match(partial, /word1\b/);
        assert.ok(!partial.includes('word80'), `the stopped answer is complete: ${partial}`);
        const storedNow = async () => {
          const res = await page
            .context()
            .request.get(
              `${online.baseUrl}/api/orgs/${owner.org.id}/chat/conversations/${page.url().split('/').pop()}`,
              {
                headers: { authorization: `Bearer ${owner.token}` },
              },
            );
          return (await res.json()).messages.at(-1);
        };
        assert.equal((await storedNow()).status, 'stopped');

        // Act: retry.
        await page.getByRole('button', { name: 'Retry' }).click();

        // Assert: the whole answer this time, labelled with who wrote it.
        const retried = answers(page).last();
        await eventually(async () => assert.equal(await retried.getAttribute('data-status'), 'complete'), {
          timeoutMs: 20_000,
        });
        assert.match(await retried.textContent(), /word1\b[\s\S]*word80(?!\d)/);
        await expectVisible(retried.getByText('OpenAI · fake-model'));
        assert.equal(await retried.getByText(OFFLINE_NOTE).count(), 0);
        assert.equal(await page.getByRole('button', { name: 'Retry' }).count(), 0);
        assert.ok(fake.requests('openai').length >= 2, 'the fake provider was not called for both answers');
      } finally {
        await online.stop();
        await fake.close();
      }
    },
  );
});

describe('AI CEO settings', () => {
  browserTest(
    'when an owner saves a custom personality and a goal, then a missing trait is flagged on its field, and the saved settings show after a reload and in what the AI CEO knows',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'ai-settings');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/ai`);
      const form = page.getByRole('form', { name: 'AI CEO settings' });
      await expectVisible(form.getByText('HustleBot'));
      await expectVisible(page.getByText('Offline mode', { exact: true }).first());
      await expectVisible(page.getByRole('heading', { name: 'AI spend this month' }));

      // Act: custom personality with one trait left empty.
      await form.getByRole('textbox', { name: 'Name' }).fill('Ada');
      await form.getByRole('radio', { name: /Custom/ }).check();
      for (const [label, value] of [
        ['Business style', 'steady'],
        ['Risk tolerance', 'low'],
        ['Pricing strategy', 'premium'],
        ['Marketing approach', 'word of mouth'],
      ]) {
        await form.getByRole('textbox', { name: label, exact: true }).fill(value);
      }
      await form.getByRole('button', { name: 'Add goal' }).click();
      await form.getByRole('textbox', { name: 'Goal 1' }).fill('Reach 100 paying customers');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert
      await expectFieldError(form.getByRole('textbox', { name: 'Tone', exact: true }), /Describe this trait/);

      // Act
      await form.getByRole('textbox', { name: 'Tone', exact: true }).fill('calm');
      await form.getByRole('button', { name: 'Save' }).click();

      // Assert: saved, and kept after a reload.
      await expectVisible(page.getByText('AI CEO settings saved'));
      await page.reload();
      await expectVisible(form.getByRole('textbox', { name: 'Goal 1' }));
      assert.equal(await form.getByRole('textbox', { name: 'Name' }).inputValue(), 'Ada');
      assert.equal(await form.getByRole('radio', { name: /Custom/ }).isChecked(), true);
      assert.equal(await form.getByRole('textbox', { name: 'Goal 1' }).inputValue(), 'Reach 100 paying customers');
      await page.getByText('Show the context text').click();
      await expectVisible(page.locator('pre').getByText(/Reach 100 paying customers/));
    },
  );

  browserTest(
    'when a member opens the AI settings, then they are read-only and the admin panels are not shown',
    async ({ newUserPage, baseUrl, api, readMail }) => {
      // Arrange: the owner invites a member, who accepts through the API.
      const owner = await ownerWithOrg(baseUrl, 'ai-owner');
      const email = uniqueEmail('ai-member');
      const invited = await api({
        method: 'POST',
        path: `/api/orgs/${owner.org.id}/invitations`,
        token: owner.token,
        body: { email, role: 'member' },
      });
      assert.equal(invited.status, 201);
      const token = new URL(linkIn(await readMail(email), `${baseUrl}/invitations/`)).pathname.split('/').pop();
      const { accessToken } = await signupViaApi(baseUrl, { email, name: 'Mo Member' });
      assert.equal(
        (await api({ method: 'POST', path: '/api/invitations/accept', token: accessToken, body: { token } })).status,
        200,
      );
      const page = await newUserPage();
      await signInByCookie(page, { email });

      // Act
      await page.goto(`/orgs/${owner.org.id}/settings/ai`);

      // Assert
      const form = page.getByRole('form', { name: 'AI CEO settings' });
      await expectVisible(form.getByText('Only admins and owners can change these.'));
      assert.equal(await form.getByRole('textbox', { name: 'Name' }).isDisabled(), true);
      assert.equal(await form.getByRole('button', { name: 'Save' }).count(), 0);
      await expectVisible(page.getByRole('heading', { name: 'Status' }));
      assert.equal(await page.getByRole('heading', { name: 'What your AI CEO knows' }).count(), 0);
      assert.equal(await page.getByRole('heading', { name: 'AI spend this month' }).count(), 0);
    },
  );
});
