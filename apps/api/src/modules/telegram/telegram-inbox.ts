import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Update } from 'grammy/types';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import { handleTelegramUpdate } from './telegram-bot';

/**
 * Telegram's updates, each stored once by update_id (INSERT ... ON CONFLICT DO NOTHING) and
 * handled once: the instance that handles it first claims the row with one conditional UPDATE
 * (received -> handling), so redeliveries and other API instances on the same database never
 * handle it again. The webhook answers as soon as the row is stored; handling runs beside it.
 */

/** A stored update nobody took this long after it came (its instance stopped first) is taken up by the job. */
export const TELEGRAM_UNCLAIMED_AFTER_MS = 15_000;
/** An update in handling this long is given up (failed), never handled a second time. */
export const TELEGRAM_HANDLING_TIMEOUT_MS = 5 * 60_000;
const KEEP_UPDATES_MS = 7 * 24 * 3_600_000;
const KEEP_BUTTONS_MS = 30 * 24 * 3_600_000;
const KEEP_LINK_TOKENS_MS = 24 * 3_600_000;
const REDO_BATCH = 50;

// Per deps (one app instance): its name in claimedBy, and the handling still under way.
type InboxState = { instance: string; inFlight: Set<Promise<void>> };
const states = new WeakMap<Deps, InboxState>();
const stateOf = (deps: Deps): InboxState => {
  let state = states.get(deps);
  if (!state) {
    state = { instance: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`, inFlight: new Set() };
    states.set(deps, state);
  }
  return state;
};

const chatIdOf = (update: Update): bigint | null => {
  const chat = update.message?.chat ?? update.callback_query?.message?.chat ?? update.edited_message?.chat;
  const id = chat?.id ?? update.callback_query?.from.id;
  return id === undefined ? null : BigInt(id);
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/** Claims a stored update for this instance and runs it through the bot; false when someone else has it. */
const claimAndHandle = async (deps: Deps, update: Update): Promise<boolean> => {
  const { instance } = stateOf(deps);
  const updateId = BigInt(update.update_id);
  const { count } = await deps.db.telegramUpdate.updateMany({
    where: { updateId, status: 'received' },
    data: { status: 'handling', claimedBy: instance, claimedAt: deps.clock.now() },
  });
  if (count === 0) return false;
  const mine = { updateId, status: 'handling' as const, claimedBy: instance };
  try {
    const { orgId } = await handleTelegramUpdate(deps, update);
    await deps.db.telegramUpdate.updateMany({
      where: mine,
      data: { status: 'handled', handledAt: deps.clock.now(), ...(orgId ? { orgId } : {}) },
    });
  } catch (error) {
    deps.log.warn({ err: error, updateId: update.update_id }, 'a Telegram update failed');
    await deps.db.telegramUpdate.updateMany({
      where: mine,
      data: { status: 'failed', handledAt: deps.clock.now(), error: describe(error) },
    });
  }
  return true;
};

/** Runs beside the caller; settleTelegramUpdates waits for it. Never rejects. */
const handleInBackground = (deps: Deps, update: Update): void => {
  const { inFlight } = stateOf(deps);
  const running = claimAndHandle(deps, update).then(
    () => undefined,
    (error: unknown) => deps.log.error({ err: error, updateId: update.update_id }, 'the Telegram inbox failed'),
  );
  inFlight.add(running);
  void running.finally(() => inFlight.delete(running));
};

/**
 * Stores an update (the webhook's and polling's single way in) and starts handling it when it is
 * new. A duplicate (Telegram redelivering, or another instance having it) is left alone.
 */
export const receiveTelegramUpdate = async (deps: Deps, update: Update): Promise<{ duplicate: boolean }> => {
  const { count } = await deps.db.telegramUpdate.createMany({
    data: [
      {
        updateId: BigInt(update.update_id),
        payload: update as unknown as Prisma.InputJsonValue,
        chatId: chatIdOf(update),
        receivedAt: deps.clock.now(),
      },
    ],
    skipDuplicates: true,
  });
  if (count === 0) return { duplicate: true };
  handleInBackground(deps, update);
  return { duplicate: false };
};

/** Waits until every update this instance started handling is done (tests, benchmarks, shutdown). */
export const settleTelegramUpdates = async (deps: Deps): Promise<void> => {
  const { inFlight } = stateOf(deps);
  while (inFlight.size > 0) await Promise.all([...inFlight]);
};

/**
 * The `telegram-inbox` job (every instance, every minute): takes up updates stored but never
 * claimed (the instance stopped between storing and handling), gives up on ones stuck in handling,
 * and prunes old updates, buttons and spent link tokens.
 */
export const runTelegramInbox = async (deps: Deps): Promise<{ redone: number; timedOut: number; pruned: number }> => {
  const now = deps.clock.now().getTime();
  let redone = 0;
  if (deps.telegram.config) {
    const stale = await deps.db.telegramUpdate.findMany({
      where: { status: 'received', receivedAt: { lt: new Date(now - TELEGRAM_UNCLAIMED_AFTER_MS) } },
      orderBy: { updateId: 'asc' },
      take: REDO_BATCH,
      select: { payload: true },
    });
    // In update order, one after another: a chat's messages keep their order.
    for (const row of stale) if (await claimAndHandle(deps, row.payload as unknown as Update)) redone += 1;
  }
  const { count: timedOut } = await deps.db.telegramUpdate.updateMany({
    where: { status: 'handling', claimedAt: { lt: new Date(now - TELEGRAM_HANDLING_TIMEOUT_MS) } },
    data: { status: 'failed', error: 'The server handling it stopped or took too long; not handled again' },
  });
  const [updates, buttons, tokens] = await Promise.all([
    deps.db.telegramUpdate.deleteMany({
      where: { status: { in: ['handled', 'failed'] }, receivedAt: { lt: new Date(now - KEEP_UPDATES_MS) } },
    }),
    deps.db.telegramButton.deleteMany({ where: { createdAt: { lt: new Date(now - KEEP_BUTTONS_MS) } } }),
    deps.db.telegramLinkToken.deleteMany({ where: { expiresAt: { lt: new Date(now - KEEP_LINK_TOKENS_MS) } } }),
  ]);
  if (redone || timedOut) deps.log.info({ redone, timedOut }, 'Telegram inbox: updates taken up or given up');
  return { redone, timedOut, pruned: updates.count + buttons.count + tokens.count };
};
