import type { ApprovalKind } from '@aiceo/shared/approvals';
import { formatMoney } from '@aiceo/shared/money';
import type { OrgRole } from '@aiceo/shared/roles';
import { startFakeAi, type FakeAi } from '@aiceo/stand-ins/ai/fake-ai';
import { startLocalTelegram } from '@aiceo/stand-ins/telegram/embedded';
import type { BotMessage, TelegramStandIn, TgUser } from '@aiceo/stand-ins/telegram/stand-in';
import { Api, Bot } from 'grammy';
import type { Update } from 'grammy/types';
import request from 'supertest';
import { requestApproval } from '../approvals/approvals.service';
import { loggingTransformer } from '../telegram/telegram-api';
import type { BotContext } from '../telegram/telegram-context';
import { seedBooks } from '../../testing/seed-books';
import { addMember, bearer, seedOrg, seedUser, uniqueEmail, type SeededOrg, type SeededUser } from '../../testing/seed';
import { createTestContext, type TestContext } from '../../testing/test-app';
import { botFeatures } from './bot-features';

// The bot as a user meets it: messages and button presses made by the Telegram stand-in, handled
// by a grammY bot with the feature composer, answers read back from the stand-in. The AI CEO
// answers through the real openai SDK against the local fake AI.
const NOW = new Date('2026-12-15T12:00:00.000Z'); // a Tuesday; 13:00 in Berlin
const MONTH = '2026-12';
const TZ = 'Europe/Berlin';
const FRONTEND = 'http://localhost:5173';
const FREE_BUDGET = 50n * 10_000_000n;

let standIn: TelegramStandIn;
let fake: FakeAi;
let t: TestContext;
let bot: Bot<BotContext>;
let nextChatId = 600_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

beforeAll(async () => {
  standIn = await startLocalTelegram();
  fake = await startFakeAi({ tokenDelayMs: 0, apiKey: 'test-key' });
  t = await createTestContext({
    env: {
      TELEGRAM_BOT_TOKEN: standIn.token,
      TELEGRAM_API_ROOT: standIn.url,
      FRONTEND_URL: FRONTEND,
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseUrlFor('openai'),
      OPENAI_MODEL: 'gpt-4.1',
      AI_MAX_RETRIES: '0',
      AI_MAX_OUTPUT_TOKENS: '200',
    },
  });
  const botInfo = await new Api(standIn.token, { apiRoot: standIn.url }).getMe();
  bot = new Bot<BotContext>(standIn.token, { client: { apiRoot: standIn.url }, botInfo });
  bot.api.config.use(loggingTransformer(t.deps));
  // What modules/telegram does before the features: the linked member, their role read now.
  bot.use(async (ctx, next) => {
    const chatId = ctx.chat?.id;
    const link = chatId
      ? await t.deps.db.telegramLink.findUnique({
          where: { chatId: BigInt(chatId) },
          select: {
            id: true,
            orgId: true,
            userId: true,
            chatConversationId: true,
            org: { select: { name: true, timezone: true, currency: true } },
            user: { select: { name: true } },
          },
        })
      : null;
    const membership = link
      ? await t.deps.db.membership.findFirst({
          where: { orgId: link.orgId, userId: link.userId },
          select: { role: true },
        })
      : null;
    if (!link || !membership || !chatId) return;
    ctx.linked = {
      linkId: link.id,
      orgId: link.orgId,
      orgName: link.org.name,
      userId: link.userId,
      userName: link.user.name,
      role: membership.role,
      chatId,
      timezone: link.org.timezone,
      currency: link.org.currency,
      notifications: {
        approvals: true,
        dailySummary: true,
        qualifiedLead: true,
        failedTask: true,
        lowRunway: true,
        paymentReceived: true,
      },
      chatConversationId: link.chatConversationId,
    };
    await next();
  });
  bot.use(botFeatures(t.deps));
});
afterAll(async () => {
  await t.close();
  await fake.close();
  await standIn.close();
});
beforeEach(() => t.clock.set(NOW));
afterEach(() => fake.reset());

/** Links a new private chat to the member (the chat id is the Telegram user's id). */
const linkChat = async (orgId: string, user: SeededUser): Promise<TgUser> => {
  const chatId = ++nextChatId;
  await t.deps.db.telegramLink.create({
    data: {
      orgId,
      userId: user.id,
      chatId: BigInt(chatId),
      telegramUserId: BigInt(chatId),
      firstName: user.name,
      notifications: {},
      paymentsSeenUntil: NOW,
    },
  });
  return { id: chatId, first_name: user.name };
};

const berlinOrg = async (owner?: SeededUser) => {
  const org = await seedOrg(t.deps, owner ? { owner } : {});
  await t.deps.db.organization.update({ where: { id: org.id }, data: { timezone: TZ } });
  return org;
};

const member = async (org: SeededOrg, role: OrgRole, name = `A ${role}`) =>
  addMember(t.deps, { orgId: org.id, role, user: await seedUser(t.deps, { name }) });

const handle = (update: unknown) => bot.handleUpdate(update as Update);
const say = async (user: TgUser, text: string) => handle((await standIn.sendText(user, text)).update);
const messagesOf = (user: TgUser) => standIn.messages(user.id);
const lastOf = (user: TgUser): BotMessage => {
  const last = messagesOf(user).at(-1);
  if (!last) throw new Error('the bot sent nothing');
  return last;
};
const buttonData = (message: BotMessage, text: string) => {
  const data = message.replyMarkup?.inline_keyboard.flat().find((b) => b.text === text)?.callback_data;
  if (!data) throw new Error(`no "${text}" button on: ${message.text.slice(0, 80)}`);
  return data;
};
const press = async (user: TgUser, message: BotMessage, text: string) =>
  handle((await standIn.pressButton(user, message.messageId, buttonData(message, text))).update);
const buttonsOf = (message: BotMessage | undefined) =>
  message?.replyMarkup?.inline_keyboard.flat().map((b) => b.text) ?? [];

const aiMessagesUsed = async (orgId: string) =>
  (await t.deps.db.usageCounter.findFirst({ where: { orgId, resource: 'aiMessages' }, select: { used: true } }))
    ?.used ?? 0;

const seedLead = (
  orgId: string,
  data: { name: string; stage?: 'qualified' | 'proposal' | 'won' | 'lost'; valueCents?: number; updatedAt?: Date },
) =>
  t.deps.db.lead.create({
    data: {
      orgId,
      name: data.name,
      email: uniqueEmail(data.name.toLowerCase().replace(/\W+/g, '-')),
      stage: data.stage ?? 'new',
      valueCents: data.valueCents ?? 0,
      tags: [],
      createdAt: NOW,
      ...(data.updatedAt ? { updatedAt: data.updatedAt } : {}),
    },
    select: { id: true, name: true, email: true },
  });

const seedTask = (
  orgId: string,
  data: {
    title: string;
    status: 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
    finishedAt?: Date;
    error?: string;
  },
) =>
  t.deps.db.task.create({
    data: {
      orgId,
      type: 'report',
      title: data.title,
      input: { period: 'week' },
      runAfter: NOW,
      origin: 'agentic',
      status: data.status,
      ...(data.finishedAt ? { finishedAt: data.finishedAt } : {}),
      ...(data.error ? { error: data.error } : {}),
    },
    select: { id: true },
  });

/** A follow-up email to a lead waiting in the approval inbox, as the engine proposes it. */
const proposeFollowup = async (org: SeededOrg, kind: ApprovalKind = 'lead_email') => {
  const lead = await seedLead(org.id, { name: 'Jane Doe' });
  const task = await seedTask(org.id, { title: 'Proposing task', status: 'COMPLETED', finishedAt: NOW });
  return requestApproval(t.deps, {
    orgId: org.id,
    kind,
    taskId: task.id,
    insightId: null,
    targetType: 'lead',
    targetId: lead.id,
    title: `Follow up with ${lead.name}`,
    audience: `${lead.name} <${lead.email}>`,
    audienceSize: 1,
    content: { subject: 'Checking in', body: 'Hello Jane, shall we talk next week?' },
    needsEdit: false,
    moneyMinor: 0,
    currency: 'EUR',
    reason: 'No reply for 10 days',
    evidence: {},
  });
};

const money = (minor: number) => formatMoney(minor, 'EUR');

describe('/report', () => {
  /** Books, leads and tasks of one org in Berlin: today, earlier this week, and earlier this month. */
  const seedBusiness = async (org: SeededOrg) => {
    await seedBooks(t.deps, {
      orgId: org.id,
      currency: 'EUR',
      timezone: TZ,
      openingBalanceMinor: 1_000_000,
      categories: { Sales: 'income', Rent: 'expense' },
      transactions: [
        { date: '2026-12-15', amountMinor: 120_000, category: 'Sales' },
        { date: '2026-12-15', amountMinor: -30_000, category: 'Rent' },
        { date: '2026-12-14', amountMinor: 50_000, category: 'Sales' },
        { date: '2026-12-02', amountMinor: 100_000, category: 'Sales' },
      ],
    });
    await seedLead(org.id, { name: 'Qualified Ltd', stage: 'qualified', valueCents: 500_000 });
    await seedLead(org.id, { name: 'Proposal Ltd', stage: 'proposal', valueCents: 200_000 });
    await seedLead(org.id, {
      name: 'Won Ltd',
      stage: 'won',
      valueCents: 300_000,
      updatedAt: new Date(NOW.getTime() - 3_600_000),
    });
    await seedLead(org.id, { name: 'Lost Ltd', stage: 'lost', valueCents: 900_000 });
    await seedTask(org.id, {
      title: 'Weekly report',
      status: 'COMPLETED',
      finishedAt: new Date(NOW.getTime() - 3_600_000),
    });
    await seedTask(org.id, { title: 'Send follow-up', status: 'FAILED', finishedAt: NOW, error: 'SMTP refused' });
    await seedTask(org.id, {
      title: 'Older report',
      status: 'COMPLETED',
      finishedAt: new Date('2026-12-02T10:00:00.000Z'),
    });
  };

  it('when the owner asks for the report, then the money, pipeline and AI work of today come in euros, and the Week and Month buttons edit the same message', async () => {
    // Arrange
    const org = await berlinOrg();
    await seedBusiness(org);
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/report');
    const today = lastOf(owner);
    const todayText = today.text;
    const answersBefore = standIn.callbackAnswers.length;
    await press(owner, today, 'Week');
    const week = lastOf(owner).text;
    await press(owner, lastOf(owner), 'Month');
    // Assert
    expect(messagesOf(owner)).toHaveLength(1);
    expect(todayText).toContain('Tuesday 15 December 2026 (Europe/Berlin)');
    expect(todayText).toContain(`Income ${money(120_000)}, expenses ${money(30_000)}: profit ${money(90_000)}`);
    expect(todayText).toContain(`Cash: ${money(1_000_000 + 120_000 - 30_000 + 50_000 + 100_000)}`);
    expect(todayText).toContain('Runway:');
    expect(todayText).toContain(`Open leads: 2, worth ${money(700_000)}`);
    expect(todayText).toContain(`Won: 1, worth ${money(300_000)}`);
    expect(todayText).toContain('Tasks completed: 1, failed: 1');
    expect(todayText).toContain('Approvals waiting: 0');
    expect(buttonsOf(today)).toEqual(['Today', 'Week', 'Month']);
    expect(week).toContain('Monday 14 December 2026 to Sunday 20 December 2026');
    expect(week).toContain(`Income ${money(170_000)}, expenses ${money(30_000)}: profit ${money(140_000)}`);
    const month = lastOf(owner);
    expect(month.text).toContain(`Income ${money(270_000)}, expenses ${money(30_000)}: profit ${money(240_000)}`);
    expect(month.text).toContain('Tasks completed: 2, failed: 1');
    expect(month.edits).toBe(2);
    expect(standIn.callbackAnswers.slice(answersBefore)).toHaveLength(2);
    const logged = await t.deps.db.telegramMessage.findMany({
      where: { orgId: org.id },
      select: { kind: true, method: true },
    });
    expect(logged).toEqual(
      expect.arrayContaining([
        { kind: 'report', method: 'sendMessage' },
        { kind: 'report', method: 'editMessageText' },
      ]),
    );
  });

  it('when a member without finance rights asks for the report, then it has the pipeline and AI work but no money figures', async () => {
    // Arrange
    const org = await berlinOrg();
    await seedBusiness(org);
    const plain = await linkChat(org.id, await member(org, 'member'));
    // Act
    await say(plain, '/report week');
    // Assert
    const text = lastOf(plain).text;
    expect(text).toContain('Money figures are for owners and admins.');
    expect(text).not.toContain(money(170_000));
    expect(text).not.toContain('Cash:');
    expect(text).not.toContain('Runway:');
    expect(text).toContain(`Open leads: 2, worth ${money(700_000)}`);
    expect(text).toContain('Tasks completed: 1, failed: 1');
  });

  it('when the period is not one the bot knows, then it explains the choices', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/report year');
    // Assert
    expect(lastOf(owner).text).toBe(
      'I can report on today, week, month: for example /report week. "year" is not one of them.',
    );
  });
});

describe('/ask and plain questions', () => {
  it('when the owner asks, then "Thinking…" becomes the AI CEO\'s answer, one AI message is counted, and the question lands in the "Telegram" conversation', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/ask How are we doing this month?');
    await say(owner, 'And what should I do next?');
    // Assert
    const [first, second] = messagesOf(owner);
    expect(first?.text).toBe('Fake reply to: How are we doing this month?');
    expect(first?.edits).toBeGreaterThanOrEqual(1);
    expect(second?.text).toBe('Fake reply to: And what should I do next?');
    expect(await aiMessagesUsed(org.id)).toBe(2);
    const link = await t.deps.db.telegramLink.findUniqueOrThrow({ where: { chatId: BigInt(owner.id) } });
    const conversations = await t.deps.db.chatConversation.findMany({
      where: { orgId: org.id },
      select: { id: true, title: true },
    });
    expect(conversations).toEqual([{ id: link.chatConversationId, title: 'Telegram' }]);
    expect(await t.deps.db.chatMessage.count({ where: { conversationId: link.chatConversationId! } })).toBe(4);
    const logged = await t.deps.db.telegramMessage.findMany({
      where: { orgId: org.id },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, text: true },
    });
    expect(logged[0]).toEqual({ kind: 'answer', text: 'Thinking…' });
  });

  it('when the conversation was deleted in the app, then the next question makes a new one', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    await say(owner, 'First question');
    const before = await t.deps.db.telegramLink.findUniqueOrThrow({ where: { chatId: BigInt(owner.id) } });
    await t.deps.db.chatConversation.deleteMany({ where: { id: before.chatConversationId! } });
    // Act
    await say(owner, 'Second question');
    // Assert
    const after = await t.deps.db.telegramLink.findUniqueOrThrow({ where: { chatId: BigInt(owner.id) } });
    expect(after.chatConversationId).not.toBe(before.chatConversationId);
    expect(lastOf(owner).text).toBe('Fake reply to: Second question');
  });

  it("when the org's AI allowance is used up, then the bot says so plainly and nothing is counted or saved", async () => {
    // Arrange
    const org = await berlinOrg();
    await t.deps.db.aiBudgetMonth.create({ data: { orgId: org.id, month: MONTH, spentNanoUsd: FREE_BUDGET } });
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, 'How is the business doing?');
    // Assert
    expect(messagesOf(owner)).toHaveLength(1);
    expect(lastOf(owner).text).toMatch(/^I can't answer right now: This month's AI allowance .* is used up\./);
    expect(await aiMessagesUsed(org.id)).toBe(0);
    expect(await t.deps.db.chatMessage.count({ where: { orgId: org.id } })).toBe(0);
    expect(fake.requests()).toHaveLength(0);
  });

  it('when the AI fails, then the bot says it could not answer rather than pretending', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    fake.setMode('openai', 'server-error');
    // Act
    await say(owner, 'Anything new?');
    // Assert
    expect(lastOf(owner).text).toMatch(/^The AI CEO could not answer just now: .+ Try again in a moment\.$/);
    expect(await aiMessagesUsed(org.id)).toBe(0);
  });

  it('when the owner writes in German, then the AI CEO is asked with the rule to answer in the language the owner writes in', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, 'Wie läuft das Geschäft?');
    // Assert
    const [sent] = fake.requests('openai');
    expect(sent?.messages[0]?.content).toContain('Answer in the language the owner writes in');
    expect(sent?.messages.at(-1)).toEqual({ role: 'user', content: 'Wie läuft das Geschäft?' });
    expect(lastOf(owner).text).toBe('Fake reply to: Wie läuft das Geschäft?');
  });

  it('when /ask comes with nothing after it, then the bot asks what they want to know', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/ask');
    // Assert
    expect(lastOf(owner).text).toMatch(/^What would you like to know\?/);
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('/tasks and /insights', () => {
  it('when the owner asks for tasks, then running, queued, completed and failed ones are listed with the failure reason and a link to the tasks page', async () => {
    // Arrange
    const org = await berlinOrg();
    await seedTask(org.id, { title: 'Writing the newsletter', status: 'IN_PROGRESS' });
    await seedTask(org.id, { title: 'Post on LinkedIn', status: 'PENDING' });
    await seedTask(org.id, { title: 'Weekly report', status: 'COMPLETED', finishedAt: NOW });
    await seedTask(org.id, {
      title: 'Email <Acme>',
      status: 'FAILED',
      finishedAt: NOW,
      error: 'The mail server refused it',
    });
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/tasks');
    // Assert
    const message = lastOf(owner);
    expect(message.text).toContain('Running\n• Writing the newsletter');
    expect(message.text).toContain('Queued\n• Post on LinkedIn');
    expect(message.text).toContain('Recently completed\n• Weekly report');
    expect(message.text).toContain('Recently failed\n• Email <Acme>: The mail server refused it');
    expect(message.html).toContain(`href="${FRONTEND}/orgs/${org.id}/tasks"`);
    expect(message.html).toContain('Email &lt;Acme&gt;');
  });

  it('when a member asks for insights, then open ones come with their why and the finance ones only go to owners and admins', async () => {
    // Arrange
    const org = await berlinOrg();
    const run = await t.deps.db.agenticRun.create({
      data: { orgId: org.id, trigger: 'manual', startedAt: NOW },
      select: { id: true },
    });
    const insight = (kind: string, title: string, status: 'open' | 'dismissed' = 'open') =>
      t.deps.db.insight.create({
        data: {
          orgId: org.id,
          runId: run.id,
          kind,
          confidence: 0.8,
          title,
          reason: `Why: ${title}`,
          data: {},
          actions: [],
          status,
        },
      });
    await insight('stale_leads', '3 leads went quiet');
    await insight('short_runway', 'Runway under 3 months');
    await insight('task_backlog', 'Old news', 'dismissed');
    const owner = await linkChat(org.id, org.owner);
    const plain = await linkChat(org.id, await member(org, 'member'));
    // Act
    await say(owner, '/insights');
    await say(plain, '/insights');
    // Assert
    const seenByOwner = lastOf(owner);
    expect(seenByOwner.text).toContain('3 leads went quiet\n  Why: 3 leads went quiet');
    expect(seenByOwner.text).toContain('Runway under 3 months');
    expect(seenByOwner.text).not.toContain('Old news');
    expect(seenByOwner.html).toContain(`href="${FRONTEND}/orgs/${org.id}/insights"`);
    expect(lastOf(plain).text).toContain('3 leads went quiet');
    expect(lastOf(plain).text).not.toContain('Runway under 3 months');
  });
});

describe('approvals from buttons', () => {
  it('when the owner presses Approve, then the callback is answered at once, the item is approved by them and the message says when', async () => {
    // Arrange
    const org = await berlinOrg();
    const item = await proposeFollowup(org);
    const owner = await linkChat(org.id, org.owner);
    await say(owner, '/approvals');
    const shown = lastOf(owner);
    const answersBefore = standIn.callbackAnswers.length;
    // Act
    await press(owner, shown, 'Approve');
    // Assert
    const answers = standIn.callbackAnswers.slice(answersBefore);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.answeredAfterMs).toBeLessThan(1_000);
    const row = await t.deps.db.approvalItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ status: 'approved', decidedById: org.owner.id });
    const edited = messagesOf(owner).find((m) => m.messageId === shown.messageId);
    expect(shown.text).toContain('Follow up with Jane Doe');
    expect(buttonsOf(shown)).toEqual(['Approve', 'Reject']);
    expect(edited?.text).toContain('Approved by you at 13:00 (Europe/Berlin time): it runs in a moment.');
    expect(buttonsOf(edited)).toEqual([]);
    expect(await t.deps.db.task.count({ where: { orgId: org.id, type: 'approved_action' } })).toBe(1);
  });

  it('when the item was approved in the web app first, then pressing Reject says it changed, decides nothing and shows it without buttons', async () => {
    // Arrange
    const org = await berlinOrg();
    const kim = await member(org, 'admin', 'Kim');
    const item = await proposeFollowup(org);
    const owner = await linkChat(org.id, org.owner);
    await say(owner, '/approvals');
    const shown = lastOf(owner);
    const web = await request(t.app)
      .post(`/api/orgs/${org.id}/approvals/${item.id}/approve`)
      .set(bearer(kim.token))
      .send({});
    // Act
    await press(owner, shown, 'Reject');
    // Assert
    expect(web.status).toBe(200);
    const row = await t.deps.db.approvalItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ status: 'approved', decidedById: kim.id });
    expect(lastOf(owner).text).toBe(
      'This item changed since this message: it is now approved by Kim. Nothing was rejected.',
    );
    const edited = messagesOf(owner).find((m) => m.messageId === shown.messageId);
    expect(edited?.text).toContain('It is now approved by Kim');
    expect(buttonsOf(edited)).toEqual([]);
  });

  it('when the lead changed after the item was shown, then Approve reports the refusal the approvals service gave and nothing runs', async () => {
    // Arrange
    const org = await berlinOrg();
    const item = await proposeFollowup(org);
    const owner = await linkChat(org.id, org.owner);
    await say(owner, '/approvals');
    const shown = lastOf(owner);
    await t.deps.db.lead.updateMany({ where: { orgId: org.id, name: 'Jane Doe' }, data: { unsubscribedAt: NOW } });
    // Act
    await press(owner, shown, 'Approve');
    // Assert
    const row = await t.deps.db.approvalItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row.status).toBe('cancelled');
    expect(lastOf(owner).text).toMatch(/^Not approved: .+/);
    expect(lastOf(owner).text).not.toContain('Approved by you');
    const edited = messagesOf(owner).find((m) => m.messageId === shown.messageId);
    expect(edited?.text).toMatch(/It was cancelled: .*nothing was sent/);
    expect(buttonsOf(edited)).toEqual([]);
    expect(await t.deps.db.task.count({ where: { orgId: org.id, type: 'approved_action' } })).toBe(0);
  });

  it('when the owner presses Reject, then the item is rejected by them and nothing is sent', async () => {
    // Arrange
    const org = await berlinOrg();
    const item = await proposeFollowup(org);
    const owner = await linkChat(org.id, org.owner);
    await say(owner, '/approvals');
    const shown = lastOf(owner);
    // Act
    await press(owner, shown, 'Reject');
    // Assert
    const row = await t.deps.db.approvalItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ status: 'rejected', decidedById: org.owner.id });
    expect(messagesOf(owner).find((m) => m.messageId === shown.messageId)?.text).toContain(
      'Rejected by you at 13:00 (Europe/Berlin time): nothing is sent.',
    );
    expect(await t.deps.db.task.count({ where: { orgId: org.id, type: 'approved_action' } })).toBe(0);
  });

  it('when a member without the right to decide lists approvals, then they read them without buttons', async () => {
    // Arrange
    const org = await berlinOrg();
    await proposeFollowup(org);
    const plain = await linkChat(org.id, await member(org, 'member'));
    // Act
    await say(plain, '/approvals');
    // Assert
    const [note, shown] = messagesOf(plain);
    expect(note?.text).toMatch(/wait for an owner or admin/);
    expect(shown?.text).toContain('Follow up with Jane Doe');
    expect(buttonsOf(shown)).toEqual([]);
  });

  it('when nothing waits, then /approvals says so; a button the server no longer knows says it no longer works', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    await say(owner, '/approvals');
    const nothing = lastOf(owner).text;
    await say(owner, '/report');
    const report = lastOf(owner);
    await t.deps.db.telegramButton.deleteMany({ where: { orgId: org.id } });
    // Act
    await press(owner, report, 'Week');
    // Assert
    expect(nothing).toBe('Nothing is waiting for your approval.');
    expect(messagesOf(owner).find((m) => m.messageId === report.messageId)?.edits).toBe(0);
    expect(lastOf(owner).text).toBe('This button no longer works. Send /help to see what I can do.');
  });
});

describe('bad input', () => {
  it('when the owner sends an unknown command, a sticker or a text over the limit, then each gets a polite answer; an edited message gets none', async () => {
    // Arrange
    const org = await berlinOrg();
    const owner = await linkChat(org.id, org.owner);
    // Act
    await say(owner, '/foo bar');
    const unknown = lastOf(owner).text;
    await handle((await standIn.sendSticker(owner)).update);
    const sticker = lastOf(owner).text;
    await say(owner, 'x'.repeat(2_001));
    const long = lastOf(owner).text;
    const count = messagesOf(owner).length;
    await handle({
      update_id: 1_000_000_000 + owner.id,
      edited_message: {
        message_id: 1,
        date: Math.floor(NOW.getTime() / 1000),
        edit_date: Math.floor(NOW.getTime() / 1000),
        chat: { id: owner.id, type: 'private', first_name: owner.first_name },
        from: { ...owner, is_bot: false },
        text: 'edited question',
      },
    });
    await say(owner, '/help');
    // Assert
    expect(unknown).toMatch(/^I don't know \/foo\. What I can do:\n• \/report/);
    expect(sticker).toBe('I can only read text. Write your question, or send /help to see what I can do.');
    expect(long).toBe('That message is 2,001 characters long; I read at most 2,000. Please send something shorter.');
    expect(messagesOf(owner)).toHaveLength(count + 1);
    expect(lastOf(owner).text).toMatch(/^I am your AI CEO on Telegram/);
    expect(fake.requests()).toHaveLength(0);
  });
});
