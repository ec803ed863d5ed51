import { TELEGRAM_MESSAGE_MAX } from '@aiceo/shared/telegram';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { createConversation, startAnswer, writeAnswer, type ChatRuns, type PendingAnswer } from '../chat/chat.service';
import { editChatMessage, sendToChat } from '../telegram/telegram-api';
import type { LinkedChat } from '../telegram/telegram-context';
import { markdownToTelegramHtml, splitForTelegram } from './bot-format';

/** Telegram allows about one edit a second per chat; the streamed answer is edited at most this often. */
export const ANSWER_EDIT_MS = 1_500;
export const THINKING = 'Thinking…';
const CONVERSATION_TITLE = 'Telegram';

type AskDeps = Deps & { runs: ChatRuns };

/** Starts the answer in the link's conversation, making a new one when there is none (or it was deleted). */
const startInConversation = async (deps: AskDeps, linked: LinkedChat, question: string): Promise<PendingAnswer> => {
  const owner = { orgId: linked.orgId, userId: linked.userId };
  if (linked.chatConversationId) {
    try {
      return await startAnswer(deps, { owner, conversationId: linked.chatConversationId, content: question });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  const conversation = await createConversation(deps, { owner, title: CONVERSATION_TITLE });
  await deps.db.telegramLink.updateMany({
    where: { id: linked.linkId, orgId: linked.orgId },
    data: { chatConversationId: conversation.id },
  });
  linked.chatConversationId = conversation.id;
  return startAnswer(deps, { owner, conversationId: conversation.id, content: question });
};

/** Why no answer could start, in plain words. */
const refusalOf = (error: AppError): string => {
  if (error.code === 'QUOTA_EXCEEDED') return `I can't answer right now: ${error.message}`;
  if (error.code === 'CONFLICT')
    return 'I am still answering your previous question. Send this again once that answer is done.';
  return `I can't answer right now: ${error.message}`;
};

/**
 * /ask and plain text: the AI CEO's answer through the same chat service as the web app (one AI
 * message counted, the same org context, the conversation visible in the app's chat). "Thinking…"
 * first, edited as the text streams in, then the final text; an answer over Telegram's 4,096
 * characters continues in further messages.
 */
export const answerQuestion = async (deps: AskDeps, { linked, question }: { linked: LinkedChat; question: string }) => {
  const { orgId, chatId } = linked;
  const thinking = await sendToChat(deps, { orgId, chatId, reply: { text: THINKING }, kind: 'answer' });
  const messageId = thinking.ok ? thinking.messageId : null;
  const show = async (text: string) => {
    if (messageId === null) return sendToChat(deps, { orgId, chatId, reply: { text }, kind: 'answer' });
    return editChatMessage(deps, { orgId, chatId, messageId, reply: { text }, kind: 'answer' });
  };

  let pending: PendingAnswer;
  try {
    pending = await startInConversation(deps, linked, question);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      deps.log.error({ err: error, orgId }, 'Telegram question not started');
      await show('Something went wrong on our side and I could not answer. Try again in a moment.');
      return;
    }
    await show(refusalOf(error));
    return;
  }

  let text = '';
  let shown = THINKING;
  let lastEdit = 0;
  let editing: Promise<unknown> | null = null;
  const flush = () => {
    if (editing || messageId === null) return;
    const next = splitForTelegram(text)[0] ?? '';
    if (!next.trim() || next === shown) return;
    lastEdit = Date.now();
    shown = next;
    editing = editChatMessage(deps, { orgId, chatId, messageId, reply: { text: next }, kind: 'answer' }).finally(() => {
      editing = null;
    });
  };
  const { message, failure } = await writeAnswer(deps, {
    pending,
    onDelta: (piece) => {
      text += piece;
      if (Date.now() - lastEdit >= ANSWER_EDIT_MS) flush();
    },
  });
  while (editing) await editing;

  const content = message.content.trim();
  const final = failure
    ? content
      ? `${content}\n\n(The answer was cut off: ${failure.message})`
      : `The AI CEO could not answer just now: ${failure.message}. Try again in a moment.`
    : content || 'The AI CEO had nothing to say to that. Try asking another way.';
  // Each final piece as formatted HTML; if Telegram refuses it (the model's odd nesting), as plain text.
  const formatted = (piece: string) => {
    const html = markdownToTelegramHtml(piece);
    return html.length <= TELEGRAM_MESSAGE_MAX ? html : null;
  };
  const [first = '', ...rest] = splitForTelegram(final);
  const firstHtml = formatted(first);
  const shownFinal =
    firstHtml !== null && messageId !== null
      ? await editChatMessage(deps, {
          orgId,
          chatId,
          messageId,
          reply: { text: firstHtml, html: true },
          kind: 'answer',
        })
      : { ok: false as const };
  if (!shownFinal.ok && (first !== shown || messageId === null)) await show(first);
  for (const piece of rest) {
    const html = formatted(piece);
    const sent = html
      ? await sendToChat(deps, { orgId, chatId, reply: { text: html, html: true }, kind: 'answer' })
      : { ok: false as const };
    if (!sent.ok) await sendToChat(deps, { orgId, chatId, reply: { text: piece }, kind: 'answer' });
  }
};
