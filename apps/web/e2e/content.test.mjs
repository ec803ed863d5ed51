import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD` of a local day: the browser and this process share the machine's time zone. */
const dayKey = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const addDays = (date, days) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

const dayCell = (page, key) => page.locator(`.calendar-day[data-day="${key}"]`);

describe('content calendar', () => {
  browserTest(
    'when an owner schedules a post for next week and drags it to another day, then it shows on the new day at the same time, also after a reload',
    async ({ newUserPage, baseUrl, api }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'content');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/content`);
      await expectVisible(page.getByRole('heading', { name: 'Content', level: 1 }));
      const postDay = addDays(new Date(), 7);
      // Another day of the same Monday-first week, and never today or earlier.
      const targetDay = postDay.getDay() === 0 ? addDays(postDay, -1) : addDays(postDay, 1);
      const text = `Launch week notes ${Date.now()}`;

      // Act: write and schedule the post in the editor.
      await page.getByRole('button', { name: 'New post', exact: true }).click();
      const editor = page.getByRole('dialog', { name: 'New post' });
      await editor.getByRole('textbox', { name: 'Title' }).fill('Launch week');
      await editor.getByRole('textbox', { name: 'Text' }).fill(text);
      await expectVisible(editor.getByText(`${text.length} / 3,000 characters`));
      await editor.getByLabel('Date').fill(dayKey(postDay));
      await editor.getByLabel('Time').fill('10:30');
      await editor.getByRole('button', { name: 'Schedule' }).click();
      await expectVisible(page.getByText('Post scheduled'));
      await page.getByRole('button', { name: 'Week', exact: true }).click();
      await page.getByRole('button', { name: 'Next week' }).click();

      // Assert: on its day, as scheduled.
      const chip = dayCell(page, dayKey(postDay)).getByRole('button', { name: /Launch week/ });
      await expectVisible(chip);
      assert.equal(await chip.getAttribute('data-status'), 'scheduled');

      // Act: drag it to the other day.
      await chip.dragTo(dayCell(page, dayKey(targetDay)));

      // Assert: moved at once, and stored (after a reload, which keeps the week shown).
      await expectVisible(dayCell(page, dayKey(targetDay)).getByRole('button', { name: /Launch week/ }));
      await expectVisible(page.getByText(/^Moved to /));
      await page.reload();
      await expectVisible(dayCell(page, dayKey(targetDay)).getByRole('button', { name: /Launch week/ }));
      assert.equal(
        await dayCell(page, dayKey(postDay))
          .getByRole('button', { name: /Launch week/ })
          .count(),
        0,
      );
      await eventually(async () => {
        const from = new Date(postDay.getFullYear(), postDay.getMonth(), postDay.getDate() - 10).toISOString();
        const to = new Date(postDay.getFullYear(), postDay.getMonth(), postDay.getDate() + 10).toISOString();
        const res = await api({
          path: `/api/orgs/${owner.org.id}/posts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
          token: owner.token,
        });
        assert.equal(res.status, 200);
        const stored = res.body.items.find((post) => post.body === text);
        assert.ok(stored, 'the post is not stored');
        const when = new Date(stored.scheduledFor);
        assert.equal(dayKey(when), dayKey(targetDay));
        assert.equal(`${pad(when.getHours())}:${pad(when.getMinutes())}`, '10:30', 'the time of day changed');
      });
    },
  );
});

describe('unsaved post', () => {
  browserTest(
    'when a post with unsaved text is closed, then the editor asks first; keeping editing keeps the text, discarding closes it',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'content-unsaved');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/content`);
      await page.getByRole('button', { name: 'New post', exact: true }).click();
      const editor = page.getByRole('dialog', { name: 'New post' });
      await editor.getByRole('textbox', { name: 'Text' }).fill('Half a thought');

      // Act
      await editor.getByRole('button', { name: 'Close', exact: true }).click();

      // Assert
      const ask = editor.getByTestId('discard-changes');
      await expectVisible(ask.getByText('This post has changes that are not saved'));

      // Act
      await ask.getByRole('button', { name: 'Keep editing' }).click();

      // Assert
      assert.equal(await editor.getByRole('textbox', { name: 'Text' }).inputValue(), 'Half a thought');
      assert.equal(await editor.isVisible(), true);

      // Act: Escape asks too; then discard.
      await page.keyboard.press('Escape');
      await expectVisible(ask);
      await ask.getByRole('button', { name: 'Discard changes' }).click();

      // Assert
      await eventually(async () => assert.equal(await page.getByRole('dialog', { name: 'New post' }).count(), 0));
    },
  );
});

describe('LinkedIn integration', () => {
  browserTest(
    'when an owner connects LinkedIn through the local stand-in and allows access, then the integrations page says so and shows the connected account',
    async ({ newUserPage, baseUrl }) => {
      // Arrange
      const owner = await ownerWithOrg(baseUrl, 'linkedin');
      const page = await newUserPage();
      await signInByCookie(page, owner);
      await page.goto(`/orgs/${owner.org.id}/settings/integrations`);
      const card = page.getByRole('region', { name: 'LinkedIn' });
      await expectVisible(card.getByText('Not connected'));

      // Act: off to the stand-in's consent page, and allow.
      await card.getByRole('button', { name: 'Connect LinkedIn' }).click();
      await page.getByRole('button', { name: 'Allow' }).click();

      // Assert: back on the integrations page with the outcome, connected as the stand-in's member.
      await expectVisible(page.getByText(/LinkedIn is connected/));
      await expectVisible(card.getByText('Connected', { exact: true }));
      await expectVisible(card.getByTestId('linkedin-account').getByText('Local Member'));
      await expectVisible(card.getByText(/^expires in \d+ days$/));
      assert.doesNotMatch(new URL(page.url()).search, /linkedin=/);
      await expectVisible(card.getByRole('button', { name: 'Disconnect' }));
    },
  );
});
