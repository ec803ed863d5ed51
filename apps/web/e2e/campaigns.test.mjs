import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe } from 'node:test';
import { PASSWORD, callApi } from './support/api.mjs';
import { startApi } from './support/api-server.mjs';
import { eventually, expectVisible } from './support/expect.mjs';
import { ownerWithOrg } from './support/flows.mjs';
import { useBrowserSuite } from './support/harness.mjs';
import { API_DIR } from './support/paths.mjs';

const browserTest = useBrowserSuite();

/** A real SMTP server on 127.0.0.1 that accepts every message and keeps it raw. */
const startSmtp = async () => {
  const require = createRequire(join(API_DIR, 'package.json'));
  const { SMTPServer } = require('smtp-server');
  const messages = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.server.address().port, messages, close: () => new Promise((resolve) => server.close(resolve)) };
};

/** The header block unfolded, and the body with quoted-printable or base64 undone (enough for text mail). */
const readMessage = (raw) => {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name) => headers.match(new RegExp(`^${name}: (.*)$`, 'im'))?.[1] ?? '';
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(raw))
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex) => String.fromCharCode(parseInt(hex, 16)));
  else if (/content-transfer-encoding: base64/i.test(headers))
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject: header('Subject'), body };
};

describe('email campaigns', () => {
  browserTest(
    'when an owner creates a campaign for two leads, previews and sends it, then the log shows both sent and the SMTP server got both mails rendered with an unsubscribe link',
    async ({ newUserPage }) => {
      // Arrange: an API whose mail goes to a real SMTP server, an org with two leads.
      const smtp = await startSmtp();
      const online = await startApi({
        logName: 'api-campaigns',
        env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex') },
      });
      try {
        const owner = await ownerWithOrg(online.baseUrl, 'campaigns');
        const leads = [
          {
            name: 'Ada Lovelace',
            email: `ada-${Date.now()}@example.com`,
            company: 'Engines Ltd',
            tags: ['newsletter'],
          },
          {
            name: 'Grace Hopper',
            email: `grace-${Date.now()}@example.com`,
            company: 'Compilers Inc',
            tags: ['newsletter'],
          },
        ];
        for (const lead of leads) {
          const res = await callApi(online.baseUrl, {
            method: 'POST',
            path: `/api/orgs/${owner.org.id}/leads`,
            token: owner.token,
            body: lead,
          });
          assert.equal(res.status, 201, `seed lead: ${JSON.stringify(res.body)}`);
        }
        const page = await newUserPage();
        const login = await page
          .context()
          .request.post(`${online.baseUrl}/api/auth/login`, { data: { email: owner.email, password: PASSWORD } });
        assert.equal(login.status(), 200);
        await page.goto(`${online.baseUrl}/orgs/${owner.org.id}/campaigns`);
        await expectVisible(page.getByRole('heading', { name: 'Campaigns', level: 1 }));

        // Act: write the campaign, with a variable chip inserted at the cursor.
        await page.getByRole('link', { name: 'New campaign' }).click();
        const form = page.getByRole('form', { name: 'Campaign' });
        await form.getByRole('textbox', { name: 'Name' }).fill('November news');
        const subject = form.getByRole('textbox', { name: 'Subject' });
        await subject.fill('Hello ');
        await subject.press('End');
        await form.getByRole('button', { name: '{{firstName}}' }).click();
        assert.equal(await subject.inputValue(), 'Hello {{firstName}}');
        await form
          .getByRole('textbox', { name: 'Text' })
          .fill('Hi {{firstName}},\n\nNews from {{org}} for {{company}}.\n\nUnsubscribe: {{unsubscribeUrl}}');
        await form.getByRole('textbox', { name: 'Tag' }).fill('newsletter');
        await form.getByRole('button', { name: 'Create campaign' }).click();

        // Assert: the preview counts both leads and renders the first one's mail.
        await expectVisible(page.getByTestId('audience-count').getByText('2 leads'));
        await expectVisible(page.getByRole('article', { name: `Mail to ${leads[0].email}` }).getByText('Hello Ada'));

        // Act: send, confirming the count and the plan's emails.
        await page.getByRole('button', { name: 'Send campaign' }).click();
        const dialog = page.getByRole('dialog', { name: 'Send this campaign?' });
        await expectVisible(dialog.getByTestId('send-count').getByText('2 leads'));
        await expectVisible(dialog.getByTestId('emails-left').getByText(/has \d+ emails left this month/));
        await dialog.getByRole('button', { name: 'Send now' }).click();

        // Assert: the send log lists both as sent.
        const log = page.getByRole('table', { name: 'Send log' });
        await eventually(async () => assert.equal(await log.locator('tbody tr[data-status="sent"]').count(), 2), {
          timeoutMs: 20_000,
        });
        for (const lead of leads) await expectVisible(log.getByRole('rowheader', { name: lead.email }));
        await expectVisible(page.getByTestId('campaign-status').getByText('sent'));

        // Assert: the SMTP server received both, rendered per lead, each with an unsubscribe link.
        await eventually(() => assert.equal(smtp.messages.length, 2), { timeoutMs: 10_000 });
        for (const lead of leads) {
          const message = smtp.messages.find((m) => m.to.includes(lead.email));
          assert.ok(message, `no mail to ${lead.email}`);
          const { subject: sentSubject, body } = readMessage(message.raw);
          const firstName = lead.name.split(' ')[0];
          assert.equal(sentSubject, `Hello ${firstName}`);
          assert.match(body, new RegExp(`Hi ${firstName},`));
          assert.match(body, new RegExp(`for ${lead.company}\\.`));
          assert.match(body, /https?:\/\/\S+\/unsubscribe\/\S+/);
          assert.doesNotMatch(body, /\{\{/);
        }
      } finally {
        await online.stop();
        await smtp.close();
      }
    },
  );
});
