import { Composer } from 'grammy';
import { TELEGRAM_TEXT_MAX } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import { createChatRuns } from '../chat/chat.service';
import { editChatMessage, findButton, sendToChat } from '../telegram/telegram-api';
import type { BotContext, BotReply, LinkedChat, MessageKind } from '../telegram/telegram-context';
import { decideFromButton } from './approval-buttons';
import { answerQuestion } from './bot-ask';
import { insightsReply, sendApprovals, tasksReply } from './bot-lists';
import { botReportPeriods, buildReport, isBotReportPeriod } from './bot-report';

const COMMANDS = [
  '/report [today|week|month]: money, pipeline and what the AI did',
  '/ask <question>: ask your AI CEO (or just write your question)',
  '/tasks: running, queued and recent tasks',
  '/insights: open insights',
  '/approvals: what waits for your approval',
  '/help: this list',
];

export const HELP_TEXT = [
  'I am your AI CEO on Telegram. What I can do:',
  ...COMMANDS.map((line) => `• ${line}`),
  '',
  'Approval items come with Approve and Reject buttons.',
].join('\n');

const linkedOf = (ctx: BotContext): LinkedChat => {
  if (!ctx.linked) throw new Error('botFeatures runs only for linked chats');
  return ctx.linked;
};

/**
 * What a linked chat can do: /report, /ask, /tasks, /insights, /approvals, /help, the approval and
 * report buttons, and polite answers to anything else. Runs after modules/telegram has resolved
 * `ctx.linked` (never null here), handled /start and /unlink, and applied the per-chat rate limit.
 */
export const botFeatures = (deps: Deps): Composer<BotContext> => {
  const bot = new Composer<BotContext>();
  const runs = createChatRuns();
  const reply = (linked: LinkedChat, message: BotReply, kind: MessageKind = 'reply') =>
    sendToChat(deps, { orgId: linked.orgId, chatId: linked.chatId, reply: message, kind });

  // Edited messages are not questions again.
  bot.on('edited_message', () => {});

  // Too long to read, commands included.
  bot.on('message:text', async (ctx, next) => {
    const length = ctx.message.text.length;
    if (length <= TELEGRAM_TEXT_MAX) return next();
    await reply(
      linkedOf(ctx),
      {
        text: `That message is ${length.toLocaleString('en-GB')} characters long; I read at most ${TELEGRAM_TEXT_MAX.toLocaleString('en-GB')}. Please send something shorter.`,
      },
      'refusal',
    );
  });

  bot.command('help', (ctx) => reply(linkedOf(ctx), { text: HELP_TEXT }));

  bot.command('report', async (ctx) => {
    const linked = linkedOf(ctx);
    const argument = ctx.match.trim().toLowerCase() || 'today';
    if (!isBotReportPeriod(argument)) {
      await reply(
        linked,
        {
          text: `I can report on ${botReportPeriods.join(', ')}: for example /report week. "${ctx.match.trim()}" is not one of them.`,
        },
        'refusal',
      );
      return;
    }
    await reply(linked, await buildReport(deps, { linked, period: argument }), 'report');
  });

  bot.command('ask', async (ctx) => {
    const linked = linkedOf(ctx);
    const question = ctx.match.trim();
    if (!question) {
      await reply(linked, {
        text: 'What would you like to know? Write /ask and your question, or just write the question.',
      });
      return;
    }
    await answerQuestion({ ...deps, runs }, { linked, question });
  });

  bot.command('tasks', async (ctx) => {
    const linked = linkedOf(ctx);
    await reply(linked, await tasksReply(deps, linked));
  });

  bot.command('insights', async (ctx) => {
    const linked = linkedOf(ctx);
    await reply(linked, await insightsReply(deps, linked));
  });

  bot.command('approvals', (ctx) => sendApprovals(deps, linkedOf(ctx)));

  bot.on('message:text', async (ctx) => {
    const linked = linkedOf(ctx);
    const text = ctx.message.text.trim();
    const command = ctx.message.entities?.find((entity) => entity.type === 'bot_command' && entity.offset === 0);
    if (command || text.startsWith('/')) {
      const name = (command ? ctx.message.text.slice(0, command.length) : (text.split(/\s/)[0] ?? text)).split('@')[0];
      await reply(
        linked,
        { text: `I don't know ${name}. What I can do:\n${COMMANDS.map((line) => `• ${line}`).join('\n')}` },
        'refusal',
      );
      return;
    }
    if (!text) return;
    await answerQuestion({ ...deps, runs }, { linked, question: text });
  });

  // Stickers, photos, voice, documents, locations ...
  bot.on('message', (ctx) =>
    reply(
      linkedOf(ctx),
      { text: 'I can only read text. Write your question, or send /help to see what I can do.' },
      'refusal',
    ),
  );

  bot.on('callback_query:data', async (ctx) => {
    // Telegram shows a spinner on the button until the query is answered: answer at once.
    await ctx
      .answerCallbackQuery()
      .catch((error: unknown) => deps.log.warn({ err: error }, 'callback query not answered'));
    const linked = linkedOf(ctx);
    const button = await findButton(deps, { data: ctx.callbackQuery.data, chatId: linked.chatId });
    const messageId = ctx.callbackQuery.message?.message_id ?? null;
    if (!button || button.orgId !== linked.orgId) {
      await reply(linked, { text: 'This button no longer works. Send /help to see what I can do.' }, 'refusal');
      return;
    }
    if ((button.action === 'approve' || button.action === 'reject') && button.targetId) {
      await decideFromButton(deps, {
        linked,
        decision: button.action,
        approvalId: button.targetId,
        shownVersion: button.targetVersion,
        messageId,
      });
      return;
    }
    if (button.action === 'report' && isBotReportPeriod(button.argument)) {
      const report = await buildReport(deps, { linked, period: button.argument });
      if (messageId === null) await reply(linked, report, 'report');
      else
        await editChatMessage(deps, {
          orgId: linked.orgId,
          chatId: linked.chatId,
          messageId,
          reply: report,
          kind: 'report',
        });
      return;
    }
    await reply(linked, { text: 'This button no longer works. Send /help to see what I can do.' }, 'refusal');
  });

  return bot;
};
