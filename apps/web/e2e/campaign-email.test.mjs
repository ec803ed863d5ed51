/* global window, fetch */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { URL } from 'node:url';
import { waitForMail } from './support/api.mjs';
import { horizontalOverflow } from './support/autonomy.mjs';
import { eventually, expectFieldError, expectVisible } from './support/expect.mjs';
import { ownerWithOrg, signInByCookie } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';

const browserTest = useBrowserSuite();

const PHONE = { width: 390, height: 844 };
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

const expectStatus = (res, status, what) => {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  return res.body;
};

describe('email that converts', () => {
  browserTest(
    'when an owner sets the email branding, sends a test mail and then the campaign, then the mail is branded, the report lists the recipients and counts a click, on a 390 px phone too',
    async ({ newUserPage, baseUrl, api, adminToken }) => {
      // Arrange: an org with two leads of a tag.
      const owner = await ownerWithOrg(baseUrl, 'branding');
      const orgPath = (path) => `/api/orgs/${owner.org.id}${path}`;
      const ownerApi = (request) => api({ ...request, token: owner.token });
      const stamp = Date.now();
      const leads = [
        { name: '<b>Bold</b> Ada', email: `ada-${stamp}@example.com`, company: 'Engines & Co', tags: ['promo'] },
        { name: 'Grace Hopper', email: `grace-${stamp}@example.com`, company: 'Compilers Inc', tags: ['promo'] },
      ];
      for (const lead of leads)
        expectStatus(await ownerApi({ method: 'POST', path: orgPath('/leads'), body: lead }), 201, 'create lead');
      const page = await newUserPage();
      await signInByCookie(page, owner);

      // Act: Settings -> Email, with a wrong colour first.
      await page.goto(`/orgs/${owner.org.id}/settings/email`);
      const form = page.getByRole('form', { name: 'Email branding' });
      await form.getByLabel('Sender name', { exact: true }).fill('Bright Studio Sales');
      await form.getByLabel('Reply-to address', { exact: true }).fill('hello@bright.example.com');
      await form.getByLabel('Brand colour', { exact: true }).fill('green');
      await form.getByLabel('Logo link', { exact: true }).fill('https://127.0.0.1:9/logo.png');

      // Assert: the preview follows the typing; the note says where mail leaves from.
      const preview = page.getByTestId('mail-preview');
      await expectVisible(preview.getByTestId('preview-from').getByText('Bright Studio Sales <no-reply@'));
      await expectVisible(preview.getByTestId('preview-reply-to').getByText('hello@bright.example.com'));
      await expectVisible(page.getByTestId('sending-address-note').getByText(/product’s own sending address/));
      await form.getByRole('button', { name: 'Save email branding' }).click();
      await expectFieldError(form.getByLabel('Brand colour', { exact: true }), /# and six hex digits/);

      // Act: a valid colour, saved.
      await form.getByLabel('Brand colour', { exact: true }).fill('#0A7B45');
      await form.getByRole('button', { name: 'Save email branding' }).click();

      // Assert: saved and read back.
      await expectVisible(page.locator('.toasts').getByText('Email branding saved'));
      const branding = expectStatus(await ownerApi({ path: orgPath('/branding') }), 200, 'read branding');
      assert.deepEqual(
        {
          brandColor: branding.brandColor,
          logoUrl: branding.logoUrl,
          emailFromName: branding.emailFromName,
          emailReplyTo: branding.emailReplyTo,
        },
        {
          brandColor: '#0a7b45',
          logoUrl: 'https://127.0.0.1:9/logo.png',
          emailFromName: 'Bright Studio Sales',
          emailReplyTo: 'hello@bright.example.com',
        },
      );

      // Arrange: a draft campaign with a link.
      const campaign = expectStatus(
        await ownerApi({
          method: 'POST',
          path: orgPath('/campaigns'),
          body: {
            name: 'Winter offer',
            subject: 'Hi {{firstName}}',
            body: 'Hello {{name}} at {{company}},\n\nOur offer: https://bright.example.com/offer\n\nSee you',
            audience: { tag: 'promo' },
          },
        }),
        201,
        'create campaign',
      );

      // Assert: the preview shows the HTML part: the lead's name as text (escaped), the logo, the org's name.
      await page.goto(`/orgs/${owner.org.id}/campaigns/${campaign.id}`);
      const frameSelector = `iframe[title="HTML mail to ${leads[0].email}"]`;
      await page.locator(frameSelector).scrollIntoViewIfNeeded();
      const mailFrame = page.frameLocator(frameSelector);
      await expectVisible(mailFrame.getByText('Hello <b>Bold</b> Ada at Engines & Co,'));
      await expectVisible(mailFrame.getByRole('link', { name: 'https://bright.example.com/offer' }));
      await expectVisible(mailFrame.getByText(owner.org.name, { exact: true }));
      assert.equal(await mailFrame.locator('b').count(), 0);
      assert.equal(await mailFrame.locator('img[src="https://127.0.0.1:9/logo.png"]').count(), 1);

      // Act: a test mail to myself.
      await page.getByRole('button', { name: 'Send a test to me' }).click();

      // Assert: the answer says it waits in the outbox (no SMTP here), and the outbox has it, branded.
      const result = page.getByTestId('test-send-result');
      await expectVisible(result.getByText(`Test mail to ${owner.email} is waiting in the outbox`));
      const testMail = await waitForMail(baseUrl, { adminToken: await adminToken(), to: owner.email });
      assert.equal(testMail.subject, '[Test] Hi <b>Bold</b>');
      assert.match(testMail.text, /^Hello <b>Bold<\/b> Ada at Engines & Co,\n\nOur offer: \S+\/api\/r\/[\w-]+\n/);
      const drafted = expectStatus(
        await ownerApi({ path: orgPath(`/campaigns/${campaign.id}`) }),
        200,
        'read campaign',
      );
      assert.equal(drafted.status, 'draft');

      // Act: send the campaign.
      await page.getByRole('button', { name: 'Send campaign' }).click();
      await page.getByRole('dialog', { name: 'Send this campaign?' }).getByRole('button', { name: 'Send now' }).click();

      // Assert: the report lists both recipients as sent, with the totals.
      const log = page.getByRole('table', { name: 'Send log' });
      await eventually(async () => assert.equal(await log.locator('tbody tr[data-status="sent"]').count(), 2), {
        timeoutMs: 30_000,
      });
      for (const lead of leads) await expectVisible(log.getByRole('rowheader', { name: lead.email }));
      const totals = page.getByTestId('campaign-totals');
      await expectVisible(totals.getByText('Click rate'));

      // Act: Ada clicks the link in her mail.
      const adaMail = await waitForMail(baseUrl, { adminToken: await adminToken(), to: leads[0].email });
      const link = adaMail.text.match(/\S+\/api\/r\/[\w-]+/)?.[0];
      assert.ok(link, `no tracked link in:\n${adaMail.text}`);
      const click = await fetch(new URL(new URL(link).pathname, baseUrl), {
        redirect: 'manual',
        headers: { 'user-agent': BROWSER_UA },
      });
      assert.equal(click.status, 302);
      assert.match(
        click.headers.get('location') ?? '',
        /^https:\/\/bright\.example\.com\/offer\?utm_source=email&utm_medium=email&utm_campaign=winter-offer&utm_content=campaign-/,
      );

      // Assert: after a reload the totals and the "clicked" filter show it.
      await page.reload();
      await expectVisible(page.getByTestId('campaign-totals').getByText('50%'));
      await page.getByLabel('Show', { exact: true }).selectOption('clicked');
      await eventually(async () => assert.equal(await log.locator('tbody tr').count(), 1));
      await expectVisible(log.getByRole('rowheader', { name: leads[0].email }));
      assert.equal(await log.locator('tbody tr[data-clicked="true"]').count(), 1);

      // Assert: on a 390 px phone the campaign page and Settings -> Email fit (the table scrolls in its box).
      const phone = await newUserPage({ viewport: PHONE });
      await signInByCookie(phone, owner);
      await phone.goto(`/orgs/${owner.org.id}/campaigns/${campaign.id}`);
      await expectVisible(phone.getByRole('table', { name: 'Send log' }));
      assert.ok((await horizontalOverflow(phone)) <= 0, 'the campaign page is wider than 390 px');
      const wrap = phone.locator('.table-wrap').first();
      assert.ok(
        await wrap.evaluate((el) => el.getBoundingClientRect().right <= window.innerWidth + 1),
        'the report table box sticks out of the screen',
      );
      await phone.goto(`/orgs/${owner.org.id}/settings/email`);
      await expectVisible(phone.getByTestId('mail-preview'));
      assert.ok((await horizontalOverflow(phone)) <= 0, 'Settings -> Email is wider than 390 px');
    },
  );
});
