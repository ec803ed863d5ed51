import { createTestContext, type TestContext } from '../testing/test-app';
import { uniqueEmail } from '../testing/seed';
import { startTestSmtpServer } from '../testing/smtp-server';
import { createLogger } from './logger';
import { createMailer, type Mailer } from './mailer';

const startSmtpServer = startTestSmtpServer;

describe('mailer with SMTP_URL', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let t: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestContext({
      env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'AI CEO <no-reply@aiceo.test>' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the SMTP server is up, then delivers the mail to it and marks the outbox row sent', async () => {
    // Arrange
    const to = uniqueEmail('smtp');
    // Act
    const result = await t.deps.mailer.send({ to, subject: 'Hello over SMTP', text: 'The body' });
    // Assert
    expect(result).toEqual({ status: 'sent' });
    const delivered = smtp.received.find((m) => m.to.includes(to));
    expect(delivered).toBeDefined();
    expect(delivered?.from).toBe('no-reply@aiceo.test');
    expect(delivered?.raw).toMatch(/^Subject: Hello over SMTP$/m);
    expect(delivered?.raw).toContain('The body');
    const row = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({ transport: 'smtp', subject: 'Hello over SMTP', error: null });
    expect(row.sentAt).toEqual(t.clock.now());
  });

  it('when a mail has extra headers, then they arrive with it', async () => {
    // Arrange
    const to = uniqueEmail('headers');
    // Act
    await t.deps.mailer.send({
      to,
      subject: 'With headers',
      text: 'x',
      headers: { 'List-Unsubscribe': '<https://example.test/u/1>' },
    });
    // Assert
    const delivered = smtp.received.find((m) => m.to.includes(to));
    expect(delivered?.raw).toMatch(/^List-Unsubscribe: <https:\/\/example\.test\/u\/1>$/m);
  });

  it('when the SMTP server is down, then send() resolves and the outbox row keeps the error', async () => {
    // Arrange
    const down = await startSmtpServer();
    await down.close();
    const mailer: Mailer = createMailer({
      db: t.deps.db,
      log: createLogger({ level: 'silent' }),
      from: 'no-reply@aiceo.test',
      smtpUrl: `smtp://127.0.0.1:${down.port}`,
      now: () => t.clock.now(),
    });
    const to = uniqueEmail('down');
    // Act
    const sending = mailer.send({ to, subject: 'Nobody listens', text: 'lost' });
    // Assert
    await expect(sending).resolves.toEqual({ status: 'failed', error: expect.stringMatching(/ECONNREFUSED|connect/i) });
    const row = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({
      transport: 'smtp',
      sentAt: null,
      error: expect.stringMatching(/ECONNREFUSED|connect/i),
    });
  });
});

describe('mailer without SMTP_URL', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('when a mail is sent, then it waits in the outbox with transport outbox', async () => {
    // Arrange
    const to = uniqueEmail('outbox');
    // Act
    const result = await t.deps.mailer.send({
      to,
      subject: 'Read me in the app',
      text: 'stored',
      html: '<p>stored</p>',
    });
    // Assert
    expect(result).toEqual({ status: 'queued' });
    const row = await t.deps.db.mailOutbox.findFirstOrThrow({ where: { to } });
    expect(row).toMatchObject({
      transport: 'outbox',
      subject: 'Read me in the app',
      text: 'stored',
      html: '<p>stored</p>',
      sentAt: null,
      error: null,
    });
  });
});
