import {
  TELEGRAM_CALLBACK_DATA_MAX,
  telegramNotificationKinds,
  type TelegramNotificationKind,
} from '@aiceo/shared/telegram';
import { emptyCapturedFields } from '@aiceo/shared/widget';
import { startLocalTelegram } from '@aiceo/stand-ins/telegram/embedded';
import type { TelegramStandIn } from '@aiceo/stand-ins/telegram/stand-in';
import { addMember, seedOrg, uniqueEmail, type SeededOrg, type SeededUser } from '../../testing/seed';
import { seedBooks } from '../../testing/seed-books';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { requestApproval } from '../approvals/approvals.service';
// The real executor fails the task; nothing else of the tasks module is used.
// eslint-disable-next-line import-x/no-restricted-paths
import { createExecutor } from '../tasks/executor';
// eslint-disable-next-line import-x/no-restricted-paths
import { taskHandlers } from '../tasks/handlers/index';
// eslint-disable-next-line import-x/no-restricted-paths
import { RetryableTaskError } from '../tasks/task-handler';
// eslint-disable-next-line import-x/no-restricted-paths
import { announceQualifiedLead } from '../widget-chat/widget-leads';
import { isoWeekOfDay, localDayAndHour, runTelegramNotifications } from './telegram-notify.job';
import { notifyApprovalRequested, notifyFailedTask, notifyQualifiedLead } from './telegram-notify.service';

// Every notification goes through grammY to the Telegram stand-in, as it would to Telegram; the
// chats are real stand-in chats (the user wrote to the bot first) linked by a TelegramLink row.
const FRONTEND = 'https://app.aiceo.test';
const MINUTE = 60_000;
const DAY = 86_400_000;
let standIn: TelegramStandIn;
let t: TestContext;
let nextTelegramId = 5_100_000;

beforeAll(async () => {
  standIn = await startLocalTelegram();
  t = await createTestContext({
    env: { TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.url, FRONTEND_URL: FRONTEND },
  });
});
afterAll(async () => {
  await t.close();
  await standIn.close();
});
beforeEach(() => t.clock.set(new Date()));

/** A chat that wrote to the bot and is linked to `user` in `org`, with only `kinds` switched on. */
const linkChat = async (org: SeededOrg, user: SeededUser, kinds: TelegramNotificationKind[]) => {
  const chatId = ++nextTelegramId;
  await standIn.sendText({ id: chatId, first_name: user.name }, 'hi');
  const notifications = Object.fromEntries(telegramNotificationKinds.map((kind) => [kind, kinds.includes(kind)]));
  const link = await t.deps.db.telegramLink.create({
    data: {
      orgId: org.id,
      userId: user.id,
      chatId: BigInt(chatId),
      telegramUserId: BigInt(chatId),
      firstName: user.name,
      notifications,
      paymentsSeenUntil: new Date(Date.now() - MINUTE),
    },
    select: { id: true },
  });
  return { chatId, linkId: link.id };
};

const texts = (chatId: number) => standIn.messages(chatId).map((message) => message.text);
/** Lets notifications started without await (the hooks) finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('qualified lead', () => {
  it('when the website chat announces a qualified lead, then each chat that wants it gets the fields and the link once; a chat with it off gets nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Brightside Bakery' });
    const member = await addMember(t.deps, { orgId: org.id, role: 'member' });
    const owner = await linkChat(org, org.owner, ['qualifiedLead']);
    const memberChat = await linkChat(org, member, ['qualifiedLead']);
    const off = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'admin' }), ['failedTask']);
    const conversationId = '6f1d1c1e-0000-4000-8000-000000000001';
    const fields = {
      ...emptyCapturedFields,
      name: 'Ada <Byron>',
      email: 'ada@engines.test',
      need: 'Wedding cake',
      budget: '€800',
    };

    // Act
    await announceQualifiedLead(t.deps, { orgId: org.id, conversationId, fields });
    const message = await standIn.waitForMessage(owner.chatId, { since: 0 });
    await standIn.waitForMessage(memberChat.chatId, { since: 0 });
    const again = await notifyQualifiedLead(t.deps, { orgId: org.id, conversationId, fields });
    await settle();

    // Assert
    expect(message.text).toContain('New qualified lead from your website chat: Ada <Byron>');
    expect(message.text).toContain('Email: ada@engines.test');
    expect(message.text).toContain('Need: Wedding cake');
    expect(message.text).toContain('Budget: €800');
    expect(message.text).toContain(`${FRONTEND}/orgs/${org.id}/conversations/${conversationId}`);
    expect(again).toEqual({ sent: 0, alreadySent: 2, failed: 0 });
    expect(texts(owner.chatId)).toHaveLength(1);
    expect(texts(memberChat.chatId)).toHaveLength(1);
    expect(texts(off.chatId)).toEqual([]);
    const logged = await t.deps.db.telegramMessage.findMany({ where: { orgId: org.id, chatId: BigInt(owner.chatId) } });
    expect(logged.map((row) => [row.kind, row.status])).toEqual([['notification', 'sent']]);
  });
});

describe('once per chat', () => {
  it('when two callers notify at the same moment, then each chat gets one message; when Telegram refused it, a later call sends it', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const chat = await linkChat(org, org.owner, ['qualifiedLead']);
    const lead = (conversationId: string) =>
      notifyQualifiedLead(t.deps, { orgId: org.id, conversationId, fields: { ...emptyCapturedFields, name: 'Kim' } });

    // Act
    const together = await Promise.all([1, 2, 3].map(() => lead('6f1d1c1e-0000-4000-8000-000000000002')));
    standIn.failNext('sendMessage', { errorCode: 500, description: 'Internal Server Error' });
    const refused = await lead('6f1d1c1e-0000-4000-8000-000000000003');
    const retried = await lead('6f1d1c1e-0000-4000-8000-000000000003');

    // Assert
    expect(together.reduce((sum, result) => sum + result.sent, 0)).toBe(1);
    expect(together.reduce((sum, result) => sum + result.alreadySent, 0)).toBe(2);
    expect(refused).toEqual({ sent: 0, alreadySent: 0, failed: 1 });
    expect(retried).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
    expect(texts(chat.chatId)).toHaveLength(2);
  });
});

describe('failed task', () => {
  it('when the executor fails a task for good, then the chat gets its title, the reason and a link once; a task queued for a retry says nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const chat = await linkChat(org, org.owner, ['failedTask']);
    const task = (title: string, input: object) =>
      t.deps.db.task.create({
        data: { orgId: org.id, type: 'report', title, input, runAfter: t.clock.now(), origin: 'user', maxAttempts: 3 },
        select: { id: true },
      });
    const broken = await task('Weekly report for the bakery', { period: 'decade' });
    const busy = await task('Report that will be retried', { period: 'week' });
    const executor = createExecutor(t.deps, {
      subscribe: false,
      handlers: {
        ...taskHandlers,
        report: async () => {
          throw new RetryableTaskError('The AI provider is busy');
        },
      },
    });

    // Act
    const result = await executor.tick();
    const message = await standIn.waitForMessage(chat.chatId, { since: 0 });
    const again = await notifyFailedTask(t.deps, { orgId: org.id, taskId: broken.id });
    const retried = await notifyFailedTask(t.deps, { orgId: org.id, taskId: busy.id });
    await executor.stop();
    await settle();

    // Assert
    expect(result).toMatchObject({ failed: 1, retried: 1 });
    expect(message.text).toContain('A task failed: Weekly report for the bakery');
    expect(message.text).toMatch(/Why: The task's input is not valid/);
    expect(message.text).toContain(`${FRONTEND}/orgs/${org.id}/tasks?task=${broken.id}`);
    expect(again.alreadySent).toBe(1);
    expect(retried.sent).toBe(0);
    expect(texts(chat.chatId)).toHaveLength(1);
  });
});

describe('approvals', () => {
  const proposal = async (org: SeededOrg, title: string) => {
    const lead = await t.deps.db.lead.create({
      data: { orgId: org.id, name: 'Jane Doe', email: uniqueEmail('jane'), tags: [], createdAt: t.clock.now() },
      select: { id: true },
    });
    const task = await t.deps.db.task.create({
      data: {
        orgId: org.id,
        type: 'report',
        title: 'Proposing task',
        input: { period: 'week' },
        runAfter: t.clock.now(),
        origin: 'agentic',
        status: 'COMPLETED',
      },
      select: { id: true },
    });
    return requestApproval(t.deps, {
      orgId: org.id,
      kind: 'lead_email',
      taskId: task.id,
      insightId: null,
      targetType: 'lead',
      targetId: lead.id,
      title,
      audience: 'Jane Doe',
      audienceSize: 1,
      content: { subject: 'Hello', body: 'Hello there' },
      needsEdit: false,
      moneyMinor: 0,
      currency: 'USD',
      reason: 'She asked for a quote',
      evidence: {},
    });
  };

  it('when an item waits for a decision, then admins get it once with Approve and Reject buttons (callback data within 64 bytes); a member gets nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await linkChat(org, org.owner, ['approvals']);
    const member = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'member' }), ['approvals']);

    // Act
    const item = await proposal(org, 'Follow up with Jane Doe');
    const message = await standIn.waitForMessage(admin.chatId, { since: 0 });
    const again = await notifyApprovalRequested(t.deps, { orgId: org.id, approvalId: item.id });
    await settle();

    // Assert
    expect(item.status).toBe('pending');
    expect(message.text).toContain('Follow up with Jane Doe');
    const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(buttons).toHaveLength(2);
    expect(buttons.map((button) => button.text).join(' ')).toMatch(/Approve.*Reject/);
    for (const button of buttons) {
      expect(button.callback_data).toBeDefined();
      expect(Buffer.byteLength(button.callback_data ?? '')).toBeLessThanOrEqual(TELEGRAM_CALLBACK_DATA_MAX);
    }
    expect(again).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
    expect(texts(admin.chatId)).toHaveLength(1);
    expect(texts(member.chatId)).toEqual([]);
    const logged = await t.deps.db.telegramMessage.findFirst({
      where: { orgId: org.id, chatId: BigInt(admin.chatId) },
    });
    expect(logged?.kind).toBe('approval');
  });

  it('when a rule approves the item at once, then no chat is asked', async () => {
    // Arrange
    const org = await seedOrg(t.deps);
    const admin = await linkChat(org, org.owner, ['approvals']);
    await t.deps.db.approvalRule.create({ data: { orgId: org.id, kind: 'lead_email', maxRisk: 'high' } });

    // Act
    const item = await proposal(org, 'Follow up with Jane Doe');
    await settle();

    // Assert
    expect(item.status).toBe('approved');
    expect(texts(admin.chatId)).toEqual([]);
    expect(await t.deps.db.telegramNotification.count({ where: { key: item.id } })).toBe(0);
  });
});

describe('daily summary', () => {
  it('when the job runs before 08:00 in the org timezone nothing goes; from 08:00 each chat gets one summary that day, money lines only for finance viewers', async () => {
    // Arrange: Tokyo is UTC+9, so 23:00 UTC is 08:00 the next day there.
    const org = await seedOrg(t.deps, { name: 'Kyoto Tea' });
    await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'JPY',
      timezone: 'Asia/Tokyo',
      openingBalanceMinor: 1_000_000,
      transactions: [{ date: '2026-12-01', amountMinor: 50_000, counterparty: 'Café Mori' }],
    });
    const owner = await linkChat(org, org.owner, ['dailySummary']);
    const member = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'member' }), ['dailySummary']);
    await t.deps.db.task.create({
      data: {
        orgId: org.id,
        type: 'report',
        title: 'Weekly tea report',
        input: {},
        runAfter: new Date('2026-12-10T20:00:00Z'),
        origin: 'user',
        status: 'COMPLETED',
        finishedAt: new Date('2026-12-10T20:00:00Z'),
      },
    });

    // Act
    t.clock.set(new Date('2026-12-10T22:50:00Z'));
    await runTelegramNotifications(t.deps);
    const before = texts(owner.chatId).length;
    t.clock.set(new Date('2026-12-10T23:05:00Z'));
    await runTelegramNotifications(t.deps);
    t.clock.set(new Date('2026-12-10T23:20:00Z'));
    await runTelegramNotifications(t.deps);
    const sameDay = [...texts(owner.chatId)];
    t.clock.set(new Date('2026-12-11T23:00:00Z'));
    await runTelegramNotifications(t.deps);

    // Assert
    expect(before).toBe(0);
    expect(sameDay).toHaveLength(1);
    expect(sameDay[0]).toContain('Daily summary for Kyoto Tea, Friday 11 December 2026');
    expect(sameDay[0]).toContain('Tasks done: 1: Weekly tea report');
    expect(sameDay[0]).toContain('Cash: ¥1,050,000');
    expect(sameDay[0]).toContain(`${FRONTEND}/orgs/${org.id}/dashboard`);
    const memberTexts = texts(member.chatId);
    expect(memberTexts).toHaveLength(2);
    expect(memberTexts[0]).toContain('Tasks done: 1');
    expect(memberTexts[0]).not.toContain('Cash');
    expect(memberTexts[0]).not.toContain('Money');
    expect(texts(owner.chatId)).toHaveLength(2);
    const keys = await t.deps.db.telegramNotification.findMany({
      where: { linkId: owner.linkId, kind: 'dailySummary' },
      orderBy: { key: 'asc' },
      select: { key: true },
    });
    expect(keys.map((row) => row.key)).toEqual(['2026-12-11', '2026-12-12']);
  });
});

describe('low runway', () => {
  it('when runway is under three months, then finance viewers hear cash, burn and runway once a week while it stays low; a member does not', async () => {
    // Arrange: 3,000.00 out in each of the last three complete months, 1,000.00 left.
    const org = await seedOrg(t.deps, { name: 'Thin Ice Ltd' });
    const now = t.clock.now();
    const inMonthsBack = (back: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10)).toISOString().slice(0, 10);
    await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'EUR',
      openingBalanceMinor: 1_000_000,
      categories: { Rent: 'expense' },
      transactions: [1, 2, 3].map((back) => ({
        date: inMonthsBack(back),
        amountMinor: -300_000,
        counterparty: 'Landlord',
        category: 'Rent',
      })),
    });
    const admin = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'admin' }), ['lowRunway']);
    const member = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'member' }), ['lowRunway']);

    // Act
    await runTelegramNotifications(t.deps);
    await runTelegramNotifications(t.deps);
    const firstWeek = [...texts(admin.chatId)];
    t.clock.set(new Date(now.getTime() + 7 * DAY));
    await runTelegramNotifications(t.deps);

    // Assert
    expect(firstWeek).toHaveLength(1);
    expect(firstWeek[0]).toContain('Cash runway is below 3 months at Thin Ice Ltd');
    expect(firstWeek[0]).toContain('Cash: €1,000.00');
    expect(firstWeek[0]).toContain('Monthly burn: €3,000.00');
    expect(firstWeek[0]).toMatch(/Runway: about 0\.3 months/);
    expect(texts(admin.chatId)).toHaveLength(2);
    expect(texts(member.chatId)).toEqual([]);
  });
});

describe('payments received', () => {
  it('when income arrives, then up to three are told one by one and more as one summary; a second run sends nothing new and a member hears nothing', async () => {
    // Arrange
    const org = await seedOrg(t.deps, { name: 'Paid Well' });
    const { accountId, categoryIds } = await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'EUR',
      categories: { Sales: 'income', Moves: 'transfer' },
    });
    const admin = await linkChat(org, org.owner, ['paymentReceived']);
    const member = await linkChat(org, await addMember(t.deps, { orgId: org.id, role: 'member' }), ['paymentReceived']);
    let n = 0;
    const transaction = (
      amountMinor: number,
      extra: { counterparty?: string; currency?: string; categoryId?: string; transferId?: string } = {},
    ) =>
      t.deps.db.financeTransaction.create({
        data: {
          orgId: org.id,
          accountId,
          date: new Date('2026-12-01'),
          amountMinor: BigInt(amountMinor),
          currency: extra.currency ?? 'EUR',
          counterparty: extra.counterparty ?? '',
          categoryId: extra.categoryId ?? categoryIds.Sales ?? null,
          transferId: extra.transferId ?? null,
          source: 'stripe',
          sourceRef: `txn_${++n}_${org.id}`,
          tags: [],
          createdAt: new Date(Date.now() + n),
        },
      });
    await transaction(120_000, { counterparty: 'Acme Ltd' });
    await transaction(5_000, { counterparty: 'Bob' });
    await transaction(-9_900, { counterparty: 'Supplier' });
    await transaction(50_000, { categoryId: categoryIds.Moves });
    await transaction(70_000, { transferId: '6f1d1c1e-0000-4000-8000-0000000000aa' });

    // Act
    await runTelegramNotifications(t.deps);
    await runTelegramNotifications(t.deps);
    const firstRuns = [...texts(admin.chatId)];
    for (const amount of [1_000, 2_000, 3_000]) await transaction(amount);
    await transaction(10_000, { currency: 'USD' });
    await runTelegramNotifications(t.deps);
    await runTelegramNotifications(t.deps);

    // Assert
    expect(firstRuns).toEqual([
      'Payment received: €1,200.00 from Acme Ltd — Stripe',
      'Payment received: €50.00 from Bob — Stripe',
    ]);
    expect(texts(admin.chatId).slice(2)).toEqual(['4 payments received, €60.00 and $100.00 in total.']);
    expect(texts(member.chatId)).toEqual([]);
    const cursor = await t.deps.db.telegramLink.findUniqueOrThrow({ where: { id: member.linkId } });
    const latest = await t.deps.db.financeTransaction.findFirstOrThrow({
      where: { orgId: org.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(cursor.paymentsSeenUntil.getTime()).toBe(latest.createdAt.getTime());
  });
});

describe('local time', () => {
  it('reads the day and hour in a timezone and names the ISO week', () => {
    expect(localDayAndHour(new Date('2026-12-10T23:05:00Z'), 'Asia/Tokyo')).toEqual({ day: '2026-12-11', hour: 8 });
    expect(localDayAndHour(new Date('2026-12-10T23:05:00Z'), 'Not/AZone')).toEqual({ day: '2026-12-10', hour: 23 });
    expect(isoWeekOfDay('2026-12-31')).toBe('2026-W53');
    expect(isoWeekOfDay('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOfDay('2024-12-30')).toBe('2025-W01');
  });
});
