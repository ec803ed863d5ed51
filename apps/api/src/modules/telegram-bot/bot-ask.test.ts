import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { startLocalTelegram } from '@aiceo/stand-ins/telegram/embedded';
import type { TelegramStandIn } from '@aiceo/stand-ins/telegram/stand-in';
import { createChatRuns } from '../chat/chat.service';
import { telegramApi } from '../telegram/telegram-api';
import { seedOrg } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { ANSWER_EDIT_MS, answerQuestion } from './bot-ask';

// A slow stream (the fake AI pauses between words): the answer is edited in as it comes, never
// more often than Telegram allows.
let standIn: TelegramStandIn;
let fake: FakeAi;
let t: TestContext;
beforeAll(async () => {
  standIn = await startLocalTelegram();
  fake = await startFakeAi({ tokenDelayMs: 80, apiKey: 'test-key' });
  t = await createTestContext({
    env: {
      TELEGRAM_BOT_TOKEN: standIn.token,
      TELEGRAM_API_ROOT: standIn.url,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      OPENAI_MODEL: 'gpt-4.1',
      AI_MAX_RETRIES: '0',
      AI_TIMEOUT_MS: '20000',
    },
  });
});
afterAll(async () => {
  await t.close();
  await fake.close();
  await standIn.close();
});

it('when the answer streams for seconds, then "Thinking…" is edited as the text comes, at most every 1.5 s, and ends as the whole answer', async () => {
  // Arrange
  const org = await seedOrg(t.deps);
  const chatId = 500_000_000 + Math.floor(Math.random() * 1_000_000);
  const link = await t.deps.db.telegramLink.create({
    data: {
      orgId: org.id,
      userId: org.owner.id,
      chatId: BigInt(chatId),
      telegramUserId: BigInt(chatId),
      notifications: {},
      paymentsSeenUntil: new Date(),
    },
  });
  const reply = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
  const linked = {
    linkId: link.id,
    orgId: org.id,
    orgName: org.name,
    userId: org.owner.id,
    userName: org.owner.name,
    role: 'owner' as const,
    chatId,
    timezone: 'UTC',
    currency: 'USD',
    notifications: {
      approvals: true,
      dailySummary: true,
      qualifiedLead: true,
      failedTask: true,
      lowRunway: true,
      paymentReceived: true,
    },
    chatConversationId: null,
  };
  // The user wrote first (a bot cannot start a chat); that update itself is not needed here.
  await standIn.sendText({ id: chatId, first_name: 'Olivia' }, 'hello');
  // When each edit is asked of Telegram (the bot's own Api, before its logging).
  const editsAt: number[] = [];
  telegramApi(t.deps)!.config.use((prev, method, payload, signal) => {
    if (method === 'editMessageText') editsAt.push(Date.now());
    return prev(method, payload, signal);
  });
  // Act
  await answerQuestion({ ...t.deps, runs: createChatRuns() }, { linked, question: `[[reply:${reply}]]` });
  // Assert
  const [message, ...others] = standIn.messages(chatId);
  expect(others).toEqual([]);
  expect(message?.text).toBe(reply);
  const edits = await t.deps.db.telegramMessage.findMany({
    where: { orgId: org.id, method: 'editMessageText' },
    orderBy: { createdAt: 'asc' },
    select: { createdAt: true, text: true },
  });
  // At least 4 s of streaming (50 words, 80 ms apart): edits in between, then the final text.
  expect(edits.length).toBeGreaterThanOrEqual(3);
  expect(edits.at(-1)?.text).toBe(reply);
  expect(edits[0]?.text.length).toBeLessThan(reply.length);
  expect(editsAt).toHaveLength(edits.length);
  // Each edit while streaming waits for the one before and comes at least ANSWER_EDIT_MS after it.
  const streamed = editsAt.slice(0, -1);
  for (let i = 1; i < streamed.length; i++)
    expect(streamed[i]! - streamed[i - 1]!).toBeGreaterThanOrEqual(ANSWER_EDIT_MS);
});

it('when the answer is Markdown, then its final message is Telegram HTML (bold, escaped text) while the streamed edits were plain', async () => {
  // Arrange
  const org = await seedOrg(t.deps);
  const chatId = 600_000_000 + Math.floor(Math.random() * 1_000_000);
  const link = await t.deps.db.telegramLink.create({
    data: {
      orgId: org.id,
      userId: org.owner.id,
      chatId: BigInt(chatId),
      telegramUserId: BigInt(chatId),
      notifications: {},
      paymentsSeenUntil: new Date(),
    },
  });
  await standIn.sendText({ id: chatId, first_name: 'Olivia' }, 'hello');
  const linked = {
    linkId: link.id,
    orgId: org.id,
    orgName: org.name,
    userId: org.owner.id,
    userName: org.owner.name,
    role: 'owner' as const,
    chatId,
    timezone: 'UTC',
    currency: 'USD',
    notifications: {
      approvals: true,
      dailySummary: true,
      qualifiedLead: true,
      failedTask: true,
      lowRunway: true,
      paymentReceived: true,
    },
    chatConversationId: null,
  };
  // Act
  await answerQuestion(
    { ...t.deps, runs: createChatRuns() },
    { linked, question: '[[reply:Profit is **$3,800.00** this month, <not a tag> & more]]' },
  );
  // Assert
  const [message] = standIn.messages(chatId);
  expect(message?.html).toBe('Profit is <b>$3,800.00</b> this month, &lt;not a tag&gt; &amp; more');
  expect(message?.text).toBe('Profit is $3,800.00 this month, <not a tag> & more');
  const failed = await t.deps.db.telegramMessage.count({ where: { orgId: org.id, status: 'failed' } });
  expect(failed).toBe(0);
});
