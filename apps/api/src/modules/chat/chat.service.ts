import type { PageQuery } from '@aiceo/shared/common';
import type { ChatMessage, Conversation, ConversationDetail } from '@aiceo/shared/chat';
import type { Deps } from '../../deps';
import { Prisma } from '../../generated/prisma/client';
import { AppError, notFound } from '../../http/app-error';
import { AiFailure } from '../../lib/ai/gateway';
import { estimateTokens, OFFLINE_MODEL } from '../../lib/ai/provider';
import { aiMessagesPerAnswer, runAi, type AiTurn } from '../ai/ai.service';
import { assertAiAllowanceLeft } from '../ai-budget/ai-budget.service';
import { gatherOrgFacts } from '../ai/org-context';
import { spendUsage, type UsageHold } from '../usage/usage.service';
import type { ChatRuns } from './chat-runs';

/** For other doors to the chat (the Telegram bot): the runs registry writeAnswer needs. */
export { createChatRuns, type ChatRuns } from './chat-runs';
import { toPage } from '../../lib/pagination';
import { clip } from '../../lib/text';

export const DEFAULT_TITLE = 'New conversation';
/** A streaming answer not saved for this long was cut off (its process died); it shows as failed. */
export const STALE_STREAM_MS = 2 * 60_000;
/** How often a streaming answer's text is saved (so a reload shows it) and a remote stop is noticed. */
export const CHECKPOINT_MS = 1_000;
/** Tokens of earlier messages sent with each request. */
const HISTORY_TOKEN_BUDGET = 3_000;
const PREVIEW_LENGTH = 140;

type Owner = { orgId: string; userId: string };
type ChatDeps = Pick<Deps, 'db' | 'database' | 'clock' | 'ai' | 'env' | 'log'>;

const messageSelect = {
  id: true,
  conversationId: true,
  role: true,
  content: true,
  status: true,
  provider: true,
  model: true,
  error: true,
  createdAt: true,
  completedAt: true,
  updatedAt: true,
  seq: true,
} satisfies Prisma.ChatMessageSelect;
type MessageRow = Prisma.ChatMessageGetPayload<{ select: typeof messageSelect }>;

const isStale = (row: Pick<MessageRow, 'status' | 'updatedAt'>, now: Date) =>
  row.status === 'streaming' && now.getTime() - row.updatedAt.getTime() > STALE_STREAM_MS;

const toMessage = ({ updatedAt, createdAt, completedAt, seq: _seq, ...row }: MessageRow, now: Date): ChatMessage => {
  const stale = isStale({ status: row.status, updatedAt }, now);
  return {
    ...row,
    status: stale ? 'failed' : row.status,
    error: stale ? 'The answer was interrupted' : row.error,
    createdAt: createdAt.toISOString(),
    completedAt: completedAt?.toISOString() ?? null,
  };
};

const conversationSelect = {
  id: true,
  title: true,
  createdAt: true,
  updatedAt: true,
  lastMessageAt: true,
} satisfies Prisma.ChatConversationSelect;
type ConversationRow = Prisma.ChatConversationGetPayload<{ select: typeof conversationSelect }>;

const toConversation = (
  { createdAt, updatedAt, lastMessageAt, ...row }: ConversationRow,
  lastContent: string,
): Conversation => ({
  ...row,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
  lastMessageAt: lastMessageAt?.toISOString() ?? null,
  // Plain text: Markdown marks would show up raw in a list.
  preview: lastContent
    .replace(/[*_`#>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, PREVIEW_LENGTH),
});

/** The newest message of each conversation, in one query (a nested `take` would load every message). */
const lastContents = async (
  db: Deps['db'],
  { orgId, conversationIds }: { orgId: string; conversationIds: string[] },
): Promise<Map<string, string>> => {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ conversationId: string; content: string }[]>`
    SELECT DISTINCT ON ("conversationId") "conversationId", content FROM "ChatMessage"
    WHERE "orgId" = ${orgId}::uuid AND "conversationId" = ANY(${conversationIds}::uuid[])
    ORDER BY "conversationId", seq DESC`;
  return new Map(rows.map((row) => [row.conversationId, row.content]));
};

// A conversation is its starter's alone: org and user are both in every `where`.
const ownedBy = ({ orgId, userId }: Owner, conversationId: string) => ({ id: conversationId, orgId, userId });

export const listConversations = async (
  { db }: Pick<Deps, 'db'>,
  { owner, query }: { owner: Owner; query: PageQuery },
) => {
  const rows = await db.chatConversation.findMany({
    where: { orgId: owner.orgId, userId: owner.userId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    ...(query.cursor ? { cursor: { id: query.cursor, orgId: owner.orgId, userId: owner.userId }, skip: 1 } : {}),
    take: query.limit + 1,
    select: conversationSelect,
  });
  const previews = await lastContents(db, {
    orgId: owner.orgId,
    conversationIds: rows.slice(0, query.limit).map((row) => row.id),
  });
  return toPage(rows, query.limit, (row) => toConversation(row, previews.get(row.id) ?? ''));
};

export const createConversation = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { owner, title }: { owner: Owner; title?: string | undefined },
) => {
  const now = clock.now();
  const row = await db.chatConversation.create({
    data: { orgId: owner.orgId, userId: owner.userId, title: title ?? DEFAULT_TITLE, createdAt: now, updatedAt: now },
    select: conversationSelect,
  });
  return toConversation(row, '');
};

export const getConversation = async (
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  { owner, conversationId }: { owner: Owner; conversationId: string },
): Promise<ConversationDetail> => {
  const row = await db.chatConversation.findFirst({
    where: ownedBy(owner, conversationId),
    select: conversationSelect,
  });
  if (!row) throw notFound('Conversation');
  const messages = await db.chatMessage.findMany({
    where: { orgId: owner.orgId, conversationId },
    orderBy: { seq: 'asc' },
    select: messageSelect,
  });
  const now = clock.now();
  return { ...toConversation(row, messages.at(-1)?.content ?? ''), messages: messages.map((m) => toMessage(m, now)) };
};

export const renameConversation = async (
  { db }: Pick<Deps, 'db'>,
  { owner, conversationId, title }: { owner: Owner; conversationId: string; title: string },
) => {
  const { count } = await db.chatConversation.updateMany({ where: ownedBy(owner, conversationId), data: { title } });
  if (count === 0) throw notFound('Conversation');
  const row = await db.chatConversation.findFirstOrThrow({
    where: ownedBy(owner, conversationId),
    select: conversationSelect,
  });
  const previews = await lastContents(db, { orgId: owner.orgId, conversationIds: [conversationId] });
  return toConversation(row, previews.get(conversationId) ?? '');
};

export const deleteConversation = async (
  { db }: Pick<Deps, 'db'>,
  { owner, conversationId }: { owner: Owner; conversationId: string },
): Promise<void> => {
  const { count } = await db.chatConversation.deleteMany({ where: ownedBy(owner, conversationId) });
  if (count === 0) throw notFound('Conversation');
};

/** A new answer about to be written: both messages are saved and one AI message is reserved. */
export type PendingAnswer = {
  owner: Owner;
  conversationId: string;
  userMessage: ChatMessage | null;
  assistant: ChatMessage;
  assistantSeq: number;
  usage: UsageHold;
};

const titleFrom = (content: string) => {
  const line = content.replace(/\s+/g, ' ').trim();
  return clip(line, 60);
};

const guessSource = (deps: Pick<Deps, 'ai'>) => {
  const status = deps.ai.status();
  const route = status.routing.find((r) => r.purpose === 'chat')?.providers ?? ['offline'];
  const source = route[0] ?? 'offline';
  const model = source === 'offline' ? OFFLINE_MODEL : (status.providers.find((p) => p.id === source)?.model ?? null);
  return { provider: source, model };
};

/**
 * Locks the conversation row so two sends cannot both start an answer, and refuses while an
 * answer is still being written (its text would interleave with the new one).
 */
const lockConversation = async (tx: Prisma.TransactionClient, owner: Owner, conversationId: string, now: Date) => {
  const locked = await tx.$queryRaw<{ title: string }[]>`
    SELECT title FROM "ChatConversation" WHERE id = ${conversationId}::uuid AND "orgId" = ${owner.orgId}::uuid AND "userId" = ${owner.userId}::uuid FOR UPDATE`;
  const conversation = locked[0];
  if (!conversation) throw notFound('Conversation');
  const busy = await tx.chatMessage.findFirst({
    where: {
      orgId: owner.orgId,
      conversationId,
      status: 'streaming',
      updatedAt: { gt: new Date(now.getTime() - STALE_STREAM_MS) },
    },
    select: { id: true },
  });
  if (busy) throw new AppError('CONFLICT', 'An answer is still being written in this conversation; stop it or wait');
  return conversation;
};

export const startAnswer = async (
  deps: ChatDeps,
  { owner, conversationId, content }: { owner: Owner; conversationId: string; content: string },
): Promise<PendingAnswer> => {
  // Checked before reserving, so an unknown conversation answers 404 rather than 402.
  const exists = await deps.db.chatConversation.findFirst({
    where: ownedBy(owner, conversationId),
    select: { id: true },
  });
  if (!exists) throw notFound('Conversation');
  // A used-up AI allowance (the margin guard) answers 402 before anything is saved.
  await assertAiAllowanceLeft(deps, { orgId: owner.orgId });
  return spendUsage(deps, { orgId: owner.orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, (usage) =>
    deps.db.$transaction(async (tx) => {
      const now = deps.clock.now();
      const conversation = await lockConversation(tx, owner, conversationId, now);
      const { provider, model } = guessSource(deps);
      const user = await tx.chatMessage.create({
        data: {
          orgId: owner.orgId,
          conversationId,
          role: 'user',
          content,
          status: 'complete',
          createdAt: now,
          completedAt: now,
          updatedAt: now,
        },
        select: messageSelect,
      });
      const assistant = await tx.chatMessage.create({
        data: {
          orgId: owner.orgId,
          conversationId,
          role: 'assistant',
          content: '',
          status: 'streaming',
          provider,
          model,
          createdAt: now,
          updatedAt: now,
        },
        select: messageSelect,
      });
      await tx.chatConversation.update({
        where: { id: conversationId },
        data: {
          lastMessageAt: now,
          updatedAt: now,
          ...(conversation.title === DEFAULT_TITLE ? { title: titleFrom(content) } : {}),
        },
      });
      return {
        owner,
        conversationId,
        userMessage: toMessage(user, now),
        assistant: toMessage(assistant, now),
        assistantSeq: assistant.seq,
        usage,
      };
    }),
  );
};

export const startRetry = async (
  deps: ChatDeps,
  { owner, conversationId, messageId }: { owner: Owner; conversationId: string; messageId: string },
): Promise<PendingAnswer> => {
  const exists = await deps.db.chatConversation.findFirst({
    where: ownedBy(owner, conversationId),
    select: { id: true },
  });
  if (!exists) throw notFound('Conversation');
  const target = await deps.db.chatMessage.findFirst({
    where: { id: messageId, orgId: owner.orgId, conversationId },
    select: messageSelect,
  });
  if (!target) throw notFound('Message');
  await assertAiAllowanceLeft(deps, { orgId: owner.orgId });
  return spendUsage(deps, { orgId: owner.orgId, resource: 'aiMessages', count: aiMessagesPerAnswer(deps) }, (usage) =>
    deps.db.$transaction(async (tx) => {
      const now = deps.clock.now();
      const last = await tx.chatMessage.findFirst({
        where: { orgId: owner.orgId, conversationId },
        orderBy: { seq: 'desc' },
        select: messageSelect,
      });
      const current = last ? toMessage(last, now) : null;
      if (
        current?.id !== messageId ||
        current.role !== 'assistant' ||
        !['failed', 'stopped'].includes(current.status)
      ) {
        throw new AppError('CONFLICT', 'Only the last answer can be written again, once it has failed or been stopped');
      }
      await lockConversation(tx, owner, conversationId, now);
      const { provider, model } = guessSource(deps);
      const row = await tx.chatMessage.update({
        where: { id: messageId },
        data: { content: '', status: 'streaming', error: null, completedAt: null, provider, model, updatedAt: now },
        select: messageSelect,
      });
      await tx.chatConversation.update({ where: { id: conversationId }, data: { updatedAt: now } });
      return {
        owner,
        conversationId,
        userMessage: null,
        assistant: toMessage(row, now),
        assistantSeq: row.seq,
        usage,
      };
    }),
  );
};

/** Earlier messages, newest first until the budget, sent back in order and ending with the question. */
const historyFor = async (
  { db }: Pick<Deps, 'db'>,
  { orgId, conversationId, beforeSeq }: { orgId: string; conversationId: string; beforeSeq: number },
): Promise<AiTurn[]> => {
  const rows = await db.chatMessage.findMany({
    where: {
      orgId,
      conversationId,
      seq: { lt: beforeSeq },
      status: { in: ['complete', 'stopped'] },
      content: { not: '' },
    },
    orderBy: { seq: 'desc' },
    select: { role: true, content: true },
    take: 50,
  });
  const turns: AiTurn[] = [];
  let used = 0;
  for (const row of rows) {
    used += estimateTokens(row.content);
    if (used > HISTORY_TOKEN_BUDGET && turns.length > 0) break;
    turns.unshift({ role: row.role, content: row.content });
  }
  return turns;
};

export type AnswerOutcome = { message: ChatMessage; failure: AppError | null };

/**
 * Writes the answer: streams pieces to `onDelta` while the client listens, saves the text
 * every CHECKPOINT_MS (and notices a stop made on another instance), and saves the result
 * whether or not anybody is still listening. A run that produced nothing gives its AI
 * message back to the plan.
 */
export const writeAnswer = async (
  deps: ChatDeps & { runs: ChatRuns },
  { pending, onDelta }: { pending: PendingAnswer; onDelta?: (text: string) => void },
): Promise<AnswerOutcome> => {
  const { db, clock } = deps;
  const { owner, conversationId, assistant } = pending;
  const run = deps.runs.start(assistant.id);
  const controller = new AbortController();
  run.signal.addEventListener('abort', () => controller.abort(run.signal.reason), { once: true });
  let text = '';
  let checkpointing = false;
  const checkpoint = async () => {
    if (checkpointing) return;
    checkpointing = true;
    try {
      const snapshot = text;
      const { count } = await db.chatMessage.updateMany({
        where: { id: assistant.id, orgId: owner.orgId, status: 'streaming' },
        data: { content: snapshot, updatedAt: clock.now() },
      });
      if (count === 0) controller.abort(new Error('stopped'));
    } catch (error) {
      deps.log.warn({ err: error, messageId: assistant.id }, 'could not save a streaming answer');
    } finally {
      checkpointing = false;
    }
  };
  const timer = setInterval(() => void checkpoint(), CHECKPOINT_MS);
  type Final = Pick<ChatMessage, 'content' | 'status' | 'error'> & Partial<Pick<ChatMessage, 'provider' | 'model'>>;
  const finish = async (final: Final): Promise<ChatMessage> => {
    const now = clock.now();
    try {
      const row = await db.chatMessage.update({
        where: { id: assistant.id, orgId: owner.orgId },
        data: { ...final, completedAt: now, updatedAt: now },
        select: messageSelect,
      });
      return toMessage(row, now);
    } catch (error) {
      // Only a missing row (P2025) is expected: the conversation was deleted while the answer was written.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2025')) throw error;
      deps.log.warn({ messageId: assistant.id }, 'the conversation was deleted before its answer was saved');
      return { ...assistant, ...final, completedAt: now.toISOString() };
    }
  };
  try {
    // Both reads before the first token, side by side.
    const [turns, facts] = await Promise.all([
      historyFor(deps, { orgId: owner.orgId, conversationId, beforeSeq: pending.assistantSeq }),
      // The asker's role decides whether the context holds money figures (finance is admin+).
      gatherOrgFacts(deps, { orgId: owner.orgId, viewer: { userId: owner.userId } }),
    ]);
    const result = await runAi(deps, {
      orgId: owner.orgId,
      userId: owner.userId,
      purpose: 'chat',
      turns,
      facts,
      signal: controller.signal,
      onDelta: (piece) => {
        text += piece;
        onDelta?.(piece);
      },
    });
    // Stopped before a word came: nothing to count against the plan.
    if (result.outcome === 'stopped' && !result.text) await pending.usage.giveBack();
    const message = await finish({
      content: result.text,
      status: result.outcome === 'stopped' ? 'stopped' : 'complete',
      provider: result.provider,
      model: result.model,
      error: null,
    });
    return { message, failure: null };
  } catch (error) {
    const failure =
      error instanceof AppError
        ? error
        : new AppError('INTERNAL', 'The answer could not be written', undefined, { cause: error });
    if (!(error instanceof AiFailure)) deps.log.error({ err: error, messageId: assistant.id }, 'chat answer failed');
    const partial = error instanceof AiFailure ? error.partialText : text;
    if (!partial) await pending.usage.giveBack();
    const message = await finish({
      content: partial,
      status: 'failed',
      error: failure.code === 'INTERNAL' ? 'Something went wrong on our side' : failure.message,
    });
    return { message, failure };
  } finally {
    clearInterval(timer);
    // Wait for a checkpoint in flight, so it cannot overwrite the final text.
    while (checkpointing) await new Promise((resolve) => setTimeout(resolve, 5));
    run.finish();
  }
};

export const stopAnswer = async (
  deps: Pick<Deps, 'db' | 'clock'> & { runs: ChatRuns },
  { owner, conversationId, messageId }: { owner: Owner; conversationId: string; messageId: string },
): Promise<ChatMessage> => {
  const exists = await deps.db.chatConversation.findFirst({
    where: ownedBy(owner, conversationId),
    select: { id: true },
  });
  if (!exists) throw notFound('Conversation');
  const where = { id: messageId, orgId: owner.orgId, conversationId, role: 'assistant' as const };
  const found = await deps.db.chatMessage.findFirst({ where, select: { id: true } });
  if (!found) throw notFound('Message');
  const stoppedHere = await deps.runs.stop(messageId);
  if (!stoppedHere) {
    // Written by another instance (or nobody, after a crash): mark it; the writer stops at its next checkpoint.
    const now = deps.clock.now();
    await deps.db.chatMessage.updateMany({
      where: { ...where, status: 'streaming' },
      data: { status: 'stopped', completedAt: now, updatedAt: now },
    });
  }
  const row = await deps.db.chatMessage.findFirstOrThrow({ where, select: messageSelect });
  return toMessage(row, deps.clock.now());
};
