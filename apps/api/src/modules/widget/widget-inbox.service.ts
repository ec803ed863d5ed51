import { capturedFieldsSchema, emptyCapturedFields, type CapturedFields } from '@aiceo/shared/widget';
import {
  capturedFieldsSummary,
  type InboxConversation,
  type InboxConversationDetail,
  type InboxCount,
  type InboxListQuery,
  type InboxPage,
} from '@aiceo/shared/widget-inbox';
import type { Prisma } from '../../generated/prisma/client';
import type { Deps } from '../../deps';
import { AppError } from '../../http/app-error';
import { decodeTimeCursor, encodeTimeCursor } from '../../lib/pagination';

type Db = Pick<Deps, 'db'>;
type ConversationRef = { orgId: string; conversationId: string };
/** Who acts: a person, or null for an API key (which has no name to show the visitor). */
type Actor = ConversationRef & { userId: string | null };

const PREVIEW_LENGTH = 140;
/** A transcript longer than this shows its newest messages. */
const MAX_TRANSCRIPT = 1_000;

const conversationSelect = {
  id: true,
  mode: true,
  closedAt: true,
  fields: true,
  messageCount: true,
  lastMessageAt: true,
  qualifiedAt: true,
  takenOverById: true,
  pageUrl: true,
  createdAt: true,
  lead: { select: { id: true, name: true, email: true } },
  messages: {
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 1,
    select: { role: true, text: true, createdAt: true },
  },
} satisfies Prisma.WidgetConversationSelect;
type ConversationRow = Prisma.WidgetConversationGetPayload<{ select: typeof conversationSelect }>;

const notFound = () => new AppError('NOT_FOUND', 'Conversation not found');

// The sales rep writes the fields as it goes; a stored value that does not parse shows as nothing captured.
const fieldsOf = (stored: unknown): CapturedFields => {
  const parsed = capturedFieldsSchema.safeParse(stored);
  return parsed.success ? parsed.data : emptyCapturedFields;
};

const preview = (text: string): string =>
  text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…` : text;

/** See `needsHuman` in the shared contract. */
const needsHuman = (
  row: Pick<ConversationRow, 'closedAt' | 'qualifiedAt' | 'takenOverById' | 'mode'>,
  lastRole?: string,
) =>
  row.closedAt === null &&
  ((row.qualifiedAt !== null && row.takenOverById === null) ||
    (row.mode === 'human' && (row.takenOverById === null || lastRole === 'visitor')));

/** The names of the people behind some user ids (authors, who took over). */
const namesOf = async ({ db }: Db, ids: (string | null)[]): Promise<Map<string, string>> => {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true } });
  return new Map(users.map((user) => [user.id, user.name]));
};

const personOf = (names: Map<string, string>, id: string | null) => {
  if (!id) return null;
  return { id, name: names.get(id) ?? 'A former teammate' };
};

const toConversation = (row: ConversationRow, names: Map<string, string>): InboxConversation => {
  const fields = fieldsOf(row.fields);
  const last = row.messages[0];
  return {
    id: row.id,
    mode: row.mode,
    isOpen: row.closedAt === null,
    closedAt: row.closedAt?.toISOString() ?? null,
    lead: row.lead,
    fields,
    fieldsSummary: capturedFieldsSummary(fields),
    messageCount: row.messageCount,
    lastMessage: last ? { role: last.role, text: preview(last.text), createdAt: last.createdAt.toISOString() } : null,
    lastMessageAt: row.lastMessageAt.toISOString(),
    isQualified: row.qualifiedAt !== null,
    qualifiedAt: row.qualifiedAt?.toISOString() ?? null,
    needsHuman: needsHuman(row, last?.role),
    takenOverBy: row.mode === 'human' ? personOf(names, row.takenOverById) : null,
    pageUrl: row.pageUrl,
    createdAt: row.createdAt.toISOString(),
  };
};

// --- the list ------------------------------------------------------------------------------

// A chat opened and never written in is not a conversation yet: the inbox leaves it out.
const written = { messageCount: { gt: 0 } } satisfies Prisma.WidgetConversationWhereInput;

/** The conversations after the cursor's (lastMessageAt, id) in newest-first order. */
const afterCursor = (cursor: string | undefined): Prisma.WidgetConversationWhereInput | undefined => {
  if (!cursor) return undefined;
  const { at, id } = decodeTimeCursor(cursor);
  return { OR: [{ lastMessageAt: { lt: at } }, { lastMessageAt: at, id: { lt: id } }] };
};

export const listInboxConversations = async (
  deps: Db,
  { orgId, query }: { orgId: string; query: InboxListQuery },
): Promise<InboxPage> => {
  const cursor = afterCursor(query.cursor);
  const filter: Prisma.WidgetConversationWhereInput = {
    orgId,
    ...written,
    ...(query.mode ? { mode: query.mode } : {}),
    ...(query.open === undefined ? {} : { closedAt: query.open ? null : { not: null } }),
  };
  const rows = await deps.db.widgetConversation.findMany({
    where: cursor ? { AND: [filter, cursor] } : filter,
    orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: conversationSelect,
  });
  const page = rows.slice(0, query.limit);
  const names = await namesOf(
    deps,
    page.map((row) => row.takenOverById),
  );
  const last = page.at(-1);
  return {
    items: page.map((row) => toConversation(row, names)),
    nextCursor: rows.length > query.limit && last ? encodeTimeCursor(last.lastMessageAt, last.id) : null,
  };
};

export const countInboxConversations = async ({ db }: Db, { orgId }: { orgId: string }): Promise<InboxCount> => {
  const open = await db.widgetConversation.count({ where: { orgId, ...written, closedAt: null } });
  // Nobody from the team has it: a qualified lead, or a conversation handed to the team.
  const unclaimed = await db.widgetConversation.count({
    where: {
      orgId,
      ...written,
      closedAt: null,
      takenOverById: null,
      OR: [{ qualifiedAt: { not: null } }, { mode: 'human' }],
    },
  });
  // A teammate has it and the visitor wrote last (a few rows at most: open and in human hands).
  const held = await db.widgetConversation.findMany({
    where: { orgId, closedAt: null, mode: 'human', takenOverById: { not: null } },
    select: { messages: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1, select: { role: true } } },
  });
  const waiting = held.filter((row) => row.messages[0]?.role === 'visitor').length;
  return { open, needsHuman: unclaimed + waiting };
};

// --- one conversation ------------------------------------------------------------------------

export const getInboxConversation = async (
  deps: Db,
  { orgId, conversationId }: ConversationRef,
): Promise<InboxConversationDetail> => {
  const row = await deps.db.widgetConversation.findFirst({
    where: { orgId, id: conversationId },
    select: conversationSelect,
  });
  if (!row) throw notFound();
  const newest = await deps.db.widgetMessage.findMany({
    where: { orgId, conversationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: MAX_TRANSCRIPT,
    select: { id: true, role: true, text: true, authorId: true, createdAt: true },
  });
  const messages = newest.reverse();
  const names = await namesOf(deps, [row.takenOverById, ...messages.map((m) => m.authorId)]);
  return {
    ...toConversation(row, names),
    messages: messages.map((message) => ({
      id: message.id,
      role: message.role,
      text: message.text,
      author: personOf(names, message.authorId),
      createdAt: message.createdAt.toISOString(),
    })),
  };
};

// --- what a teammate does --------------------------------------------------------------------

type Tx = Prisma.TransactionClient;

const firstName = (name: string | undefined): string | null => name?.trim().split(/\s+/)[0] || null;

const whereRef = ({ orgId, conversationId }: ConversationRef) => ({ orgId, id: conversationId });

/**
 * Fails with 404 unless the org has this conversation. Called when a conditional update changed
 * nothing, to tell "already so" from "not yours".
 */
const assertExists = async (tx: Tx, ref: ConversationRef): Promise<void> => {
  const row = await tx.widgetConversation.findFirst({ where: whereRef(ref), select: { id: true } });
  if (!row) throw notFound();
};

/** A message the visitor sees, counted on the conversation and moving it to the top of the inbox. */
const addMessage = async (
  tx: Tx,
  ref: ConversationRef,
  message: { role: 'human' | 'system'; text: string; authorId: string | null; at: Date },
) => {
  await tx.widgetMessage.create({
    data: {
      orgId: ref.orgId,
      conversationId: ref.conversationId,
      role: message.role,
      text: message.text,
      authorId: message.authorId,
      createdAt: message.at,
    },
  });
  await tx.widgetConversation.updateMany({
    where: { orgId: ref.orgId, id: ref.conversationId },
    data: { messageCount: { increment: 1 }, lastMessageAt: message.at },
  });
};

/** Conversations the actor does not hold yet (a null takenOverById is "nobody", not "equal"). */
const notHeldBy = (userId: string | null): Prisma.WidgetConversationWhereInput => ({
  OR: [
    { mode: 'ai' },
    userId ? { takenOverById: null } : { takenOverById: { not: null } },
    ...(userId ? [{ takenOverById: { not: userId } }] : []),
  ],
});

/**
 * Puts the conversation in the actor's hands (mode human, open again) and tells the visitor who
 * joined. True when that took a message (the actor did not have it already). The change is one
 * conditional update, so two clicks at once write one "joined" line.
 */
const takeOverIn = async (tx: Tx, actor: Actor, at: Date): Promise<boolean> => {
  const { count } = await tx.widgetConversation.updateMany({
    where: { ...whereRef(actor), ...notHeldBy(actor.userId) },
    data: { mode: 'human', takenOverById: actor.userId, closedAt: null },
  });
  if (count === 0) {
    // Theirs already (or not the org's): a reply still opens it again.
    const reopened = await tx.widgetConversation.updateMany({ where: whereRef(actor), data: { closedAt: null } });
    if (reopened.count === 0) throw notFound();
    return false;
  }
  const user = actor.userId ? await tx.user.findUnique({ where: { id: actor.userId }, select: { name: true } }) : null;
  const who = firstName(user?.name) ?? 'A person from the team';
  await addMessage(tx, actor, { role: 'system', text: `${who} joined the conversation`, authorId: actor.userId, at });
  return true;
};

export const takeOverConversation = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
): Promise<InboxConversationDetail> => {
  await deps.db.$transaction((tx) => takeOverIn(tx, actor, deps.clock.now()));
  return getInboxConversation(deps, actor);
};

export const replyToConversation = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  { text, ...actor }: Actor & { text: string },
): Promise<InboxConversationDetail> => {
  await deps.db.$transaction(async (tx) => {
    const now = deps.clock.now();
    const joined = await takeOverIn(tx, actor, now);
    // One millisecond after the "joined" line, so the transcript's order never depends on a tie.
    const at = joined ? new Date(now.getTime() + 1) : now;
    await addMessage(tx, actor, { role: 'human', text, authorId: actor.userId, at });
  });
  return getInboxConversation(deps, actor);
};

export const handBackConversation = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
): Promise<InboxConversationDetail> => {
  await deps.db.$transaction(async (tx) => {
    // takenOverById stays: a qualified lead someone from the team has handled no longer waits for a person.
    const { count } = await tx.widgetConversation.updateMany({
      where: { ...whereRef(actor), mode: 'human' },
      data: { mode: 'ai' },
    });
    if (count === 0) return assertExists(tx, actor);
    await addMessage(tx, actor, {
      role: 'system',
      text: 'The assistant is back and will answer from here',
      authorId: actor.userId,
      at: deps.clock.now(),
    });
  });
  return getInboxConversation(deps, actor);
};

export const closeConversation = async (
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
): Promise<InboxConversationDetail> => {
  const { count } = await deps.db.widgetConversation.updateMany({
    where: { ...whereRef(actor), closedAt: null },
    data: { closedAt: deps.clock.now() },
  });
  if (count === 0) await assertExists(deps.db, actor);
  return getInboxConversation(deps, actor);
};
