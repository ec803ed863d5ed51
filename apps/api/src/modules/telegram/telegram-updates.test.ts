import { startLocalTelegram } from '@aiceo/stand-ins/telegram/embedded';
import type { TelegramStandIn } from '@aiceo/stand-ins/telegram/stand-in';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { startTelegramTestApp } from '../../testing/telegram-test-app';
import { NOT_LINKED_TEXT } from './telegram-bot';
import { startTelegramUpdates } from './telegram-updates';

describe('startTelegramUpdates', () => {
  it('when the server runs in webhook mode, then its webhook and secret are registered with Telegram', async () => {
    const h = await startTelegramTestApp();
    try {
      expect(h.standIn.webhook).toEqual({ url: h.webhookUrl, secretToken: expect.any(String) });
      expect(h.standIn.webhook?.secretToken).toBe(h.t.deps.telegram.config?.webhookSecret);
    } finally {
      await h.close();
    }
  }, 120_000);

  describe('in polling mode (development)', () => {
    let standIn: TelegramStandIn;
    let t: TestContext;
    beforeAll(async () => {
      standIn = await startLocalTelegram();
      t = await createTestContext({
        env: { TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.url, TELEGRAM_UPDATES: 'polling' },
      });
    }, 120_000);
    afterAll(async () => {
      await standIn.close();
      await t.close();
    });

    it('when a user writes, then the message is fetched with getUpdates and answered; stop() ends the loop', async () => {
      // Arrange
      const updates = await startTelegramUpdates(t.deps);
      const user = { id: 9_100_001, first_name: 'Pat' };
      try {
        // Act
        const sent = await standIn.sendText(user, 'hello');
        const reply = await standIn.waitForMessage(user.id, { since: 0, timeoutMs: 10_000 });
        // Assert
        expect(sent.status).toBeNull();
        expect(standIn.webhook).toBeNull();
        expect(reply.text).toBe(NOT_LINKED_TEXT);
      } finally {
        await updates.stop();
      }
    });
  });
});
